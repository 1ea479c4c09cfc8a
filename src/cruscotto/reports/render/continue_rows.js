// Printing only: an activity row taller than a page is continued on the next, as the
// published report does it, instead of being cut by the printer wherever the page ends.
// The row keeps the first entries of its actions that fit; the others go into a row of
// their own that repeats the activity's cells, its text marked "(segue)" (000:132, 000:525);
// under the cells an activity shared by several departments spans, the department's own.
// The page is laid out here at the width it will be printed at, so lines break as on paper.
(function () {
  "use strict";
  const body = document.body;
  const widthMm = Number(body.dataset.pageWidthMm);
  const heightMm = Number(body.dataset.pageHeightMm);
  if (!widthMm || !heightMm) return;
  const root = document.documentElement;
  const savedWidth = root.style.width;
  root.style.width = widthMm + "mm";
  const probe = document.createElement("div");
  probe.style.height = "100mm";
  body.appendChild(probe);
  const pxPerMm = probe.getBoundingClientRect().height / 100;
  probe.remove();
  // A little room for the table's own margins and borders.
  const slackPx = 6 * pxPerMm;

  function height(element) {
    return element.getBoundingClientRect().height;
  }

  // The row that goes on with `moved`: the activity's cells repeated, its text marked
  // "(segue)"; under cells that span it, only the department's own cells, the mark on its actions.
  function continuation(row, moved, spanned) {
    const next = row.cloneNode(true);
    next.classList.add("continued");
    for (const cell of [...next.cells]) if (cell.rowSpan > 1) cell.remove();
    const marked = spanned ? next.querySelector("td.activity-log") : next.querySelector("td.activity-text");
    if (marked && !marked.querySelector("p.continued-marker")) {
      const marker = document.createElement("p");
      marker.className = "continued-marker";
      marker.textContent = "(segue)";
      marked.insertBefore(marker, marked.firstChild);
    }
    const log = next.querySelector("td.activity-log");
    for (const paragraph of log.querySelectorAll(":scope > p:not(.continued-marker)")) {
      paragraph.remove();
    }
    const list = log.querySelector("ul.log");
    list.replaceChildren(...moved);
    return next;
  }

  function columns(cells) {
    return [...cells].reduce((sum, cell) => sum + cell.colSpan, 0);
  }

  // The cells that span `row` and the rows after it: its own that span down, and those of
  // the rows above that reach it (an activity shared by several departments prints one row
  // per department under the activity's spanning cells). Null when the cells do not add up
  // to the table's width, a structure this script does not know.
  function spanningCells(row, width) {
    const spanning = [...row.cells].filter((cell) => cell.rowSpan > 1);
    let covered = 0;
    let distance = 1;
    for (let above = row.previousElementSibling; above; above = above.previousElementSibling) {
      const reaching = [...above.cells].filter((cell) => cell.rowSpan > distance);
      spanning.push(...reaching);
      covered += columns(reaching);
      if (columns(above.cells) === width && !reaching.length) break;
      distance += 1;
    }
    return columns(row.cells) + covered === width ? spanning : null;
  }

  // Move the lines of `entry` after its last line breaks into a new entry until `row` fits,
  // keeping at least its first line; return the new entry, or null when nothing can move.
  function splitEntry(entry, row, room) {
    const rest = document.createElement("li");
    rest.className = entry.className;
    while (height(row) > room) {
      const breaks = [...entry.childNodes].filter((node) => node.nodeName === "BR");
      if (breaks.length > 0) {
        const last = breaks[breaks.length - 1];
        while (last.nextSibling) rest.insertBefore(last.nextSibling, rest.firstChild);
        last.remove();
        if (rest.firstChild) rest.insertBefore(document.createElement("br"), rest.firstChild);
        continue;
      }
      // No line break left: the entry goes on after its last full stop.
      const text = entry.lastChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) break;
      const stop = text.data.lastIndexOf(". ", text.data.length - 3);
      if (stop <= 0) break;
      const tail = text.splitText(stop + 2);
      if (rest.firstChild) tail.appendData(" ");
      rest.insertBefore(tail, rest.firstChild);
    }
    if (rest.firstChild && rest.firstChild.nodeName === "BR") rest.firstChild.remove();
    return rest.childNodes.length ? rest : null;
  }

  function split(row, room, width) {
    for (;;) {
      if (height(row) <= room) return;
      const spanning = spanningCells(row, width);
      if (spanning === null) return;
      const list = row.querySelector("td.activity-log ul.log");
      if (!list || !list.lastElementChild) return;
      const moved = [];
      while (list.children.length > 1 && height(row) > room) {
        moved.unshift(list.lastElementChild);
        list.lastElementChild.remove();
      }
      if (height(row) > room) {
        // One year's entry taller than the page by itself: it goes on after a line break.
        const rest = splitEntry(list.lastElementChild, row, room);
        if (rest !== null) moved.unshift(rest);
      }
      if (!moved.length) return;
      const next = continuation(row, moved, spanning.length > 0);
      row.after(next);
      for (const cell of spanning) cell.rowSpan += 1;
      row = next;
    }
  }

  const pageHeightPx = heightMm * pxPerMm;
  for (const table of document.querySelectorAll("table.activities")) {
    if (!table.tHead) continue;
    const room = pageHeightPx - height(table.tHead) - slackPx;
    const width = columns(table.tHead.rows[table.tHead.rows.length - 1].cells);
    for (const row of [...table.tBodies].flatMap((tbody) => [...tbody.rows])) {
      split(row, room, width);
    }
  }
  root.style.width = savedWidth;
})();
