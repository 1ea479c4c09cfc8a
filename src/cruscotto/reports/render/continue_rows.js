// Printing only: an activity row taller than a page is continued on the next, as the
// published report does it, instead of being cut by the printer wherever the page ends.
// The row keeps the first entries of its actions that fit; the others go into a row of
// their own that repeats the activity's cells, its text marked "(segue)" (000:132, 000:525).
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

  function continuation(row, moved) {
    const next = row.cloneNode(true);
    next.classList.add("continued");
    const text = next.querySelector("td.activity-text");
    if (text && !text.querySelector("p.continued-marker")) {
      const marker = document.createElement("p");
      marker.className = "continued-marker";
      marker.textContent = "(segue)";
      text.insertBefore(marker, text.firstChild);
    }
    const log = next.querySelector("td.activity-log");
    for (const paragraph of log.querySelectorAll(":scope > p")) paragraph.remove();
    const list = log.querySelector("ul.log");
    list.replaceChildren(...moved);
    return next;
  }

  function columns(cells) {
    return [...cells].reduce((sum, cell) => sum + cell.colSpan, 0);
  }

  // A row of an activity shared by several departments holds, or lies under, cells that
  // span the rows: splitting it would misalign the columns, so Chromium breaks it instead.
  function splits(row, width) {
    return columns(row.cells) === width && [...row.cells].every((cell) => cell.rowSpan === 1);
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
      if (!splits(row, width)) return;
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
      const next = continuation(row, moved);
      row.after(next);
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
