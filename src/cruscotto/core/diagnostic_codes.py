"""What each import diagnostic code means, as a sentence a citizen can read.

The importers and loaders emit stable codes ("weight_glued_to_text") with a technical
message that names the record; the public pages show the sentence registered here and
keep the code, the file, the line and the message behind a disclosure. Every code the
source emits must be registered (tests/test_diagnostic_codes.py scans the source); a code
that is not yet registered still reads, as "Segnalazione dell'importazione (…)".

The severity is the one the code is usually emitted with; the stored diagnostic's own
severity is what a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from cruscotto.core.models import ImportDiagnostic

Severity = ImportDiagnostic.Severity
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class DiagnosticCode:
    sentence: str
    severity: Severity


def _codes(table: dict[str, tuple[Severity, str]]) -> dict[str, DiagnosticCode]:
    return {
        code: DiagnosticCode(sentence, severity) for code, (severity, sentence) in table.items()
    }


DIAGNOSTIC_CODES: dict[str, DiagnosticCode] = _codes({
    # Any document: the ente, values entered by people, reference vocabularies.
    "ente_not_found": (WARNING, "Il documento non dice a quale ente appartiene."),
    "ente_name_cut": (INFO, "Il nome dell'ente sembra stampato tagliato: è tenuto come stampato."),
    "ente_matched_by_prefix": (WARNING, "L'ente è stato riconosciuto dall'inizio del suo nome."),
    "ente_created": (WARNING, "L'ente non era ancora registrato: è stato aggiunto e va confermato."),
    "user_value_kept": (WARNING, "Un valore inserito da una persona è stato mantenuto al posto di quello del documento."),
    "unknown_reference_term": (WARNING, "Una voce citata non è nella classificazione di riferimento."),
    "duplicate_row": (ERROR, "Una riga ripete un dato già presente: vale la prima."),
    # The rendiconto (relazione sul controllo strategico): sections and headings.
    "programmi_not_found": (ERROR, "Il documento non contiene programmi leggibili."),
    "incomplete_preface": (WARNING, "Una parte della premessa non è stata trovata."),
    "empty_programma": (WARNING, "Un programma non ha né linee programmatiche né attività."),
    "glued_headings": (INFO, "Più intestazioni erano stampate sulla stessa riga e sono state separate."),
    "text_outside_tables": (INFO, "Un testo stampato fuori dalle tabelle non è stato attribuito a nessuna voce."),
    "indicator_table_without_heading": (WARNING, "Righe di indicatori stampate senza la loro intestazione sono state lette come tabella di indicatori."),
    "missione_heading_without_programma": (INFO, "L'intestazione di una missione è ripetuta senza programma: il programma precedente continua."),
    "missione_without_programma": (WARNING, "L'intestazione di una missione non è seguita da un programma."),
    "programma_without_missione": (WARNING, "Un programma è stampato senza l'intestazione della sua missione."),
    "repeated_programma_heading": (INFO, "L'intestazione di un programma è ripetuta: il programma continua."),
    # The rendiconto: mandate lines.
    "duplicate_mandate_number": (WARNING, "Il numero di una linea programmatica compare due volte."),
    "unreadable_mandate_number": (WARNING, "Il numero di una linea programmatica non è leggibile."),
    "unreadable_sdg": (WARNING, "Un obiettivo dell'Agenda 2030 citato non è leggibile."),
    "unreadable_pnrr_mission": (WARNING, "Una missione del PNRR citata non esiste."),
    "orphan_mandate_tags": (WARNING, "Simboli di obiettivi (Agenda 2030, PNRR) stampati senza la loro linea programmatica non sono stati attribuiti."),
    "unknown_mandate_group": (WARNING, "Un'area tematica citata non è tra quelle elencate nella premessa."),
    "mandate_group_differs": (WARNING, "Un'area tematica ha un nome diverso da quello del documento che ha dato il mandato."),
    "mandate_line_group_differs": (WARNING, "Una linea programmatica compare sotto due aree tematiche diverse."),
    # The rendiconto: activities and their rows.
    "activity_text_in_log_column": (INFO, "Il testo di un'attività conclusa è stato letto dalla colonna delle azioni."),
    "activity_without_department": (WARNING, "Un'attività non indica dipartimento, stato né azioni."),
    "conflicting_status": (WARNING, "Lo stesso dipartimento ha due stati diversi per un'attività: vale il primo."),
    "corrected_indicator_code": (INFO, "Il codice di un indicatore era stampato in modo irregolare ed è stato corretto."),
    "corrected_letter": (INFO, "La lettera di un'attività era stampata in modo irregolare ed è stata corretta."),
    "dangling_indicator_code": (WARNING, "Un'attività cita un indicatore che il programma non elenca."),
    "empty_log_entry": (INFO, "Un anno del registro delle azioni non descrive nessuna azione."),
    "extra_cells": (WARNING, "Una riga aveva più celle del previsto: quelle in più sono state ignorate."),
    "fragment_text_differs": (INFO, "Il seguito di un'attività ha un testo diverso dal primo: è tenuto il primo."),
    "glued_departments": (INFO, "Più dipartimenti scritti di seguito sono stati separati."),
    "malformed_indicator_code": (WARNING, "Il codice di un indicatore è scritto male: è tenuto com'è stampato."),
    "missing_activity_text": (WARNING, "Un'attività è stampata senza testo."),
    "missing_department": (ERROR, "Lo stato o le azioni di un'attività non indicano il dipartimento: non sono stati caricati."),
    "missing_letter": (WARNING, "Un'attività è stampata senza la sua lettera."),
    "missing_status": (WARNING, "Un dipartimento non indica lo stato di un'attività."),
    "orphan_row": (ERROR, "Una riga di continuazione non segue nessuna attività: è stata ignorata."),
    "repeated_department": (WARNING, "Un dipartimento compare due volte per la stessa attività."),
    "repeated_letter": (WARNING, "La lettera di un'attività è già usata da un'altra attività dello stesso programma."),
    "segue_without_activity": (WARNING, "Il seguito di un'attività non è preceduto dall'attività stessa."),
    "shifted_row": (WARNING, "Una riga era spostata di una colonna ed è stata ricollocata."),
    "status_without_department": (WARNING, "Uno stato stampato senza dipartimento è stato unito alla riga precedente."),
    "text_only_row": (INFO, "Una riga con il solo testo è stata unita all'attività precedente."),
    "unknown_impact": (WARNING, "Un impatto citato non è tra quelli riconosciuti."),
    "unknown_mandate_line_ref": (WARNING, "Un'attività cita una linea programmatica che il programma non elenca."),
    "unknown_status": (WARNING, "Uno stato non è riconosciuto: è registrato com'è stampato."),
    "unreadable_indicator_code": (WARNING, "Il codice di un indicatore non è leggibile."),
    "unit_alias_proposed": (INFO, "Più nomi sembrano indicare la stessa struttura: se lo sono, vanno uniti con un alias."),
    "unit_alias_resolved": (INFO, "Una struttura è indicata con un altro dei suoi nomi: le sue voci sono attribuite alla struttura."),
    "unreadable_letter": (WARNING, "La lettera di un'attività non è leggibile."),
    "unreadable_mandate_reference": (WARNING, "Il riferimento alle linee programmatiche non è leggibile."),
    "unreadable_row": (ERROR, "Una riga con le celle fuori posto non si è potuta ricomporre ed è stata ignorata."),
    "unsplit_department_cell": (WARNING, "Una cella sembra contenere più dipartimenti ma non si è potuta separare."),
    # The rendiconto: indicator tables and their values.
    "ambiguous_indicator_code": (WARNING, "Il codice di un indicatore è ambiguo: nessuna attività è stata collegata."),
    "missing_indicator_code": (WARNING, "Un indicatore di valore pubblico è stampato senza codice."),
    "concluded_indicator_unlinked": (INFO, "Un indicatore riguarda un'attività conclusa che nessuna attività cita."),
    "indicator_without_activity": (WARNING, "Un indicatore rimanda a un'attività che il programma non elenca."),
    "missing_public_value_table": (WARNING, "Le attività citano indicatori, ma il programma non ha la tabella degli indicatori di valore pubblico."),
    "duplicate_indicator": (WARNING, "Un indicatore compare due volte nella stessa tabella."),
    "empty_row": (INFO, "Una riga vuota della tabella è stata ignorata."),
    "group_carried_down": (INFO, "Una cella di raggruppamento vuota ha ripreso il valore della riga precedente."),
    "group_row": (INFO, "Una riga senza valori è l'intestazione delle righe che seguono."),
    "orphan_footnote": (WARNING, "Una nota non si riferisce a nessuna riga della tabella."),
    "row_before_header": (ERROR, "Una riga stampata prima dell'intestazione della tabella non è stata letta."),
    "row_shifted_by_one_cell": (WARNING, "I valori di una riga erano spostati di una colonna."),
    "row_without_name": (ERROR, "Una riga con valori ma senza nome di indicatore non è stata letta."),
    "row_without_values": (WARNING, "Un indicatore non ha alcun valore."),
    "sub_row_without_parent": (WARNING, "Una sotto-voce non ha la voce principale sopra di sé."),
    "too_few_cells": (WARNING, "Una riga ha meno celle delle colonne della tabella: alcuni valori mancano."),
    "too_many_cells": (WARNING, "Una riga ha più celle delle colonne della tabella: quelle in più sono state ignorate."),
    "unknown_indicator_heading": (ERROR, "Una tabella non è riconoscibile come tabella di indicatori e non è stata letta."),
    "unrecognised_line": (WARNING, "Una riga della tabella non ha colonne riconoscibili ed è stata ignorata."),
    "ambiguous_separator": (WARNING, "Un numero è ambiguo (la virgola può separare i decimali o le migliaia): non è stato letto."),
    "malformed_number": (WARNING, "Un numero è scritto in un formato non italiano: non è stato letto."),
    # The piano della performance: matrix of objectives, catalogue, rules and dates.
    "plan_year_not_found": (ERROR, "L'anno del piano non è stato trovato nelle prime righe."),
    "matrix_not_found": (ERROR, "La matrice degli obiettivi non è stata trovata."),
    "targets_table_not_found": (ERROR, "La tabella dei target e delle regole di calcolo non è stata trovata."),
    "structure_code_normalised": (INFO, "Il codice di una struttura era stampato in modo irregolare ed è stato corretto."),
    "structure_code_missing": (ERROR, "Una riga della matrice non ha il codice della struttura e non è stata caricata."),
    "structure_name_cut": (INFO, "Il nome di una struttura sembra tagliato."),
    "duplicate_structure": (ERROR, "Una struttura compare due volte nella matrice: la seconda riga non è stata caricata."),
    "manager_missing": (WARNING, "Il dirigente di una struttura non è indicato."),
    "total_missing": (WARNING, "Il totale dei pesi di una struttura non è leggibile."),
    "objective_not_matched": (WARNING, "Un testo della matrice non corrisponde a nessun obiettivo."),
    "ambiguous_objective_text": (WARNING, "Un testo della matrice somiglia a due obiettivi diversi."),
    "numbers_without_objective": (INFO, "Alcuni numeri della matrice non sono seguiti da un obiettivo."),
    "too_many_objectives": (ERROR, "Una struttura ha più obiettivi di quanti la matrice ne preveda: quelli in più non sono stati caricati."),
    "printed_id_mismatch": (WARNING, "Il numero stampato accanto a un obiettivo è di un altro obiettivo."),
    "printed_id_truncated": (WARNING, "Il numero stampato accanto a un obiettivo è troncato."),
    "weight_glued_to_text": (INFO, "Un peso era stampato attaccato al testo dell'obiettivo ed è stato separato."),
    "implausible_weight": (WARNING, "Un numero stampato come peso non è un peso plausibile."),
    "conflicting_weights": (WARNING, "Una cella stampa più pesi per lo stesso obiettivo."),
    "weight_unknown": (WARNING, "Un peso non è noto: sono indicati i valori possibili."),
    "weight_inferred": (INFO, "Un peso è stato dedotto dal totale della struttura."),
    "common_objective_missing": (WARNING, "A una struttura mancano obiettivi comuni a tutte le strutture."),
    "weights_do_not_sum": (WARNING, "I pesi di una struttura non raggiungono il totale dichiarato."),
    "weights_exceed_total": (WARNING, "I pesi di una struttura superano il totale dichiarato."),
    "duplicate_objective_id": (ERROR, "Il numero di un obiettivo compare due volte: vale la prima riga."),
    "continued_row": (INFO, "Una riga senza numero è stata unita all'obiettivo precedente."),
    "objective_only_in_value_matrix": (WARNING, "Un obiettivo compare solo nella matrice del valore pubblico."),
    "objective_missing_from_value_matrix": (WARNING, "Un obiettivo manca dalla matrice del valore pubblico."),
    "objective_type_unknown": (WARNING, "Il tipo di un obiettivo non è riconosciuto."),
    "catalogue_text_differs": (WARNING, "Le due tabelle degli obiettivi descrivono un obiettivo in modo diverso."),
    "objective_text_split_repaired": (WARNING, "Il testo di un obiettivo era spezzato tra due righe ed è stato ricomposto."),
    "objective_text_from_value_matrix": (INFO, "Il testo di un obiettivo è stato preso dalla matrice del valore pubblico."),
    "assignment_from_catalogue": (WARNING, "Un'assegnazione assente dalla matrice è stata ricavata dalle altre tabelle."),
    "assignment_missing_from_matrix": (WARNING, "Un'assegnazione indicata nelle altre tabelle manca dalla matrice."),
    "unknown_structure_code": (WARNING, "Un obiettivo cita una struttura che la matrice non elenca."),
    "unknown_value_driver": (WARNING, "Un driver del valore pubblico non è riconosciuto."),
    "value_label_unreadable": (WARNING, "Una voce del valore pubblico non è riconoscibile."),
    "target_missing": (WARNING, "Un obiettivo non ha né target né regola Sì/No."),
    "rule_count_mismatch": (WARNING, "Il numero delle regole di calcolo non corrisponde a quello dei target."),
    "rule_not_parseable": (WARNING, "Una regola di calcolo non è interpretabile: il punteggio resta non calcolato."),
    "rule_bands_gap": (WARNING, "Le fasce di una regola di calcolo lasciano dei vuoti."),
    "rule_bands_overlap": (WARNING, "Le fasce di una regola di calcolo si sovrappongono."),
    "rule_bands_not_monotone": (WARNING, "Le fasce di una regola di calcolo non crescono nello stesso verso."),
    "rule_leftover_text": (INFO, "Una parte del testo di una regola di calcolo non è stata interpretata."),
    "deadline_differs": (WARNING, "Le due tabelle indicano scadenze diverse per lo stesso obiettivo."),
    "impossible_date": (WARNING, "Una data stampata non esiste."),
    "implausible_date": (WARNING, "Una data stampata è fuori dal periodo del piano."),
    # The actual values of a performance plan (a file or a campaign).
    "actuals_empty": (ERROR, "Il file dei valori consuntivi è vuoto."),
    "actuals_header": (ERROR, "Il file dei valori consuntivi non ha le colonne previste."),
    "actuals_objective": (ERROR, "Il numero di un obiettivo non è leggibile."),
    "actuals_value": (WARNING, "Un valore non è leggibile: l'obiettivo resta non misurato."),
    "actuals_unknown_objective": (ERROR, "Un valore si riferisce a un obiettivo che il piano non contiene."),
    "actuals_unknown_structure": (ERROR, "Un valore si riferisce a una struttura sconosciuta."),
    "actuals_structure_missing": (ERROR, "Un valore non indica la struttura a cui si riferisce."),
    "actuals_ente_wide_per_structure": (WARNING, "Un obiettivo di Ente, misurato una volta per tutto l'Ente, era indicato per una struttura: il valore è stato ignorato."),
    "actuals_stated_elsewhere": (WARNING, "Un valore era già stato dichiarato da un altro documento: resta quello."),
    "actuals_duplicate": (WARNING, "Un valore è ripetuto: vale il primo."),
    # The PSM monitoring report: plan pages, projects, context indicators, survey.
    "area_not_found": (ERROR, "Una parte del documento non è stata trovata."),
    "monitoring_year_not_found": (WARNING, "Il documento non dice a quale anno si riferisce il monitoraggio."),
    "monitoring_year_outside_period": (WARNING, "L'anno del monitoraggio indicato è fuori dal periodo del piano."),
    "duplicate_action": (WARNING, "Un'azione è stampata due volte: vale la prima."),
    "orphan_strategy_description": (WARNING, "La descrizione di una strategia non è seguita da azioni."),
    "project_before_any_action": (WARNING, "Un paragrafo stampato prima di ogni azione non è stato attribuito a una strategia."),
    "strategy_description_apart": (INFO, "La descrizione di una strategia era stampata lontano dal titolo."),
    "strategy_incomplete": (WARNING, "Di una strategia manca una parte."),
    "strategy_title_unmatched": (WARNING, "Il titolo di una strategia non corrisponde a nessuna strategia delle tabelle."),
    "cited_action_unknown": (WARNING, "Un progetto cita un'azione che il piano non elenca."),
    "unlisted_funding_programme": (WARNING, "Un progetto è finanziato da un programma che non è tra quelli noti."),
    "page_number_glued": (INFO, "Un numero di pagina attaccato al testo di un progetto è stato tolto."),
    "projects_not_attributed_to_actions": (INFO, "Alcuni progetti stampati accanto a più azioni non sono stati attribuiti a una sola."),
    "context_indicator_count_differs": (WARNING, "Il numero di indicatori di contesto letti è diverso da quello dichiarato."),
    "context_indicator_name_not_separated": (WARNING, "Il nome di un indicatore di contesto non si separa dalla sua descrizione."),
    "context_indicator_source_unknown": (WARNING, "La fonte di un indicatore di contesto non è riconosciuta."),
    "context_indicator_source_unlisted": (WARNING, "La fonte di un indicatore di contesto non è tra quelle note."),
    "context_indicator_without_year": (ERROR, "Righe senza anno non sono state lette come indicatore di contesto."),
    "context_value_not_numeric": (INFO, "Un valore di un indicatore di contesto non è un numero: è tenuto come testo."),
    "survey_answer_without_question": (WARNING, "Una risposta aperta dell'indagine non ha la sua domanda."),
    "survey_base_missing": (WARNING, "Per una domanda dell'indagine non è stampato il numero di casi."),
    "survey_base_without_question": (WARNING, "Un numero di casi dell'indagine non ha la sua domanda."),
    "survey_chart_order_differs": (INFO, "Un grafico dell'indagine è stampato in un ordine diverso dalle domande."),
    "survey_chart_without_question": (WARNING, "Un grafico dell'indagine non ha titolo."),
    "survey_labels_missing": (WARNING, "Un grafico dell'indagine ha meno etichette che valori."),
    "survey_question_without_chart": (WARNING, "Una domanda dell'indagine non ha né grafico né risposte."),
    "survey_zone_row_incomplete": (WARNING, "Una riga dell'indagine per zona ha meno valori che colonne."),
    # The PSM preliminary phase.
    "plan_period_not_found": (ERROR, "Il periodo del nuovo piano non è stato trovato nel frontespizio."),
    "previous_edition_not_found": (ERROR, "L'edizione precedente del piano non è citata."),
    "chapters_not_found": (ERROR, "Nessuno dei capitoli attesi è stato trovato."),
    "method_not_found": (WARNING, "Il capitolo sulla metodologia non è stato trovato."),
    "annex_missing": (WARNING, "Un allegato elencato nel sommario manca dal documento."),
    "axis_without_strategies": (WARNING, "Un asse non cita strategie."),
    "strategy_under_other_axis": (WARNING, "Una strategia è citata sotto un asse diverso dal suo."),
    "footnote_inside_paragraph": (INFO, "Una nota a piè di pagina in mezzo al testo è stata esclusa dalla lettura."),
    "need_number_out_of_order": (WARNING, "Un'esigenza è numerata fuori ordine."),
    "need_row_split_across_pages": (INFO, "Una riga delle esigenze prosegue dopo un'interruzione di pagina ed è stata ricomposta."),
    "need_row_unreadable": (WARNING, "Una riga stampata prima di ogni esigenza numerata non è stata attribuita."),
    "sub_need_letter_out_of_order": (WARNING, "Un'indicazione è segnata con una lettera fuori ordine."),
    "theme_row_split_across_pages": (INFO, "Una riga dei temi prosegue dopo un'interruzione di pagina ed è stata ricomposta."),
    "theme_without_axes": (WARNING, "Un tema non indica gli assi a cui si riferisce."),
    "recommendation_row_split_across_pages": (INFO, "Una riga delle raccomandazioni prosegue dopo un'interruzione di pagina ed è stata ricomposta."),
    "duplicate_axis": (WARNING, "Un asse è stampato due volte: vale il primo."),
    "duplicate_need": (WARNING, "Un'esigenza è stampata due volte: vale la prima."),
    "duplicate_sub_need": (WARNING, "Un'indicazione è stampata due volte: vale la prima."),
    "duplicate_theme": (WARNING, "Un tema è stampato due volte: vale il primo."),
    # Council acts and the mandate programme.
    "session_not_found": (ERROR, "L'apertura della seduta non è stata trovata."),
    "session_date_unclear": (WARNING, "La data dell'atto manca o non coincide con quella della seduta."),
    "act_not_found": (ERROR, "Il numero o l'oggetto dell'atto non sono stati trovati."),
    "subject_split_around_label": (INFO, "L'oggetto dell'atto era spezzato dall'etichetta «OGGETTO:» ed è stato ricomposto."),
    "attendance_not_found": (ERROR, "L'elenco dei presenti non è stato trovato."),
    "no_absentees_listed": (INFO, "L'elenco degli assenti è vuoto: nessun consigliere assente."),
    "duplicate_attendee": (WARNING, "Un presente è elencato due volte: vale la prima."),
    "duplicate_vote": (WARNING, "La votazione su un punto è stampata due volte: vale la prima."),
    "vote_on_unknown_point": (WARNING, "Una votazione si riferisce a un punto che il dispositivo non elenca."),
    "outcome_not_printed": (WARNING, "L'esito di una votazione non è indicato."),
    "voting_not_printed": (WARNING, "Il numero dei votanti non è indicato."),
    "present_not_printed": (WARNING, "Il numero dei presenti al voto non è indicato."),
    "tally_mismatch": (ERROR, "I voti favorevoli, contrari e astenuti non sommano al numero dei votanti."),
    "tally_names_mismatch": (ERROR, "Il numero di voti non corrisponde ai nomi stampati."),
    "tally_not_printed": (WARNING, "Sono stampati i nomi di chi ha votato, ma non il loro numero."),
    "tally_omitted": (INFO, "Alcuni conteggi non sono stampati: restano non indicati."),
    "present_mismatch": (ERROR, "I presenti al voto non corrispondono ai presenti in seduta meno chi non ha votato."),
    "voter_listed_twice": (ERROR, "Un nome compare più volte negli elenchi di una votazione."),
    "voter_name_spelled_differently": (WARNING, "Un nome è scritto in modo diverso nell'elenco dei presenti."),
    "voter_not_in_attendance": (WARNING, "Un votante non è tra i presenti."),
    "attendee_not_in_vote": (WARNING, "Un presente non compare in nessun elenco della votazione."),
    "spokesperson_names_not_printed": (INFO, "L'atto indica le zone dei portavoce, non i loro nomi."),
    "mandate_period_not_found": (WARNING, "Il titolo e il periodo delle linee programmatiche non sono stati trovati."),
    "axis_not_listed": (WARNING, "Un asse non compare nell'elenco degli assi: il titolo è stato ricavato dal testo."),
    "axis_without_block": (WARNING, "Un asse è elencato ma non descritto."),
    "axis_without_actions": (WARNING, "Un asse non elenca azioni."),
    "action_split_across_pages": (INFO, "Il testo di un'azione prosegue dopo un'interruzione di pagina ed è stato ricomposto."),
    "paragraph_split_across_pages": (INFO, "Un paragrafo prosegue dopo un'interruzione di pagina ed è stato ricomposto."),
    "footnote_of_section": (INFO, "Una nota a piè di pagina è tenuta in fondo alla sua sezione."),
    # A plan filled in the spreadsheet template.
    "not_a_spreadsheet": (ERROR, "Il file non è un foglio di calcolo del modello di piano."),
    "missing_sheet": (ERROR, "Manca un foglio obbligatorio."),
    "duplicate_sheet": (ERROR, "Un foglio compare due volte."),
    "unknown_sheet": (WARNING, "Un foglio non previsto dal modello è stato ignorato."),
    "empty_sheet": (ERROR, "Un foglio è vuoto."),
    "merged_header": (ERROR, "L'intestazione di un foglio è su celle unite."),
    "duplicate_column": (ERROR, "Una colonna è ripetuta."),
    "unknown_column": (WARNING, "Una colonna non prevista dal modello è stata ignorata."),
    "missing_column": (ERROR, "Manca una colonna obbligatoria."),
    "empty_required_cell": (ERROR, "Una cella obbligatoria è vuota."),
    "unknown_field": (WARNING, "Un campo non previsto dal modello è stato ignorato."),
    "missing_plan_field": (ERROR, "Manca un campo obbligatorio del piano."),
    "period_unknown": (WARNING, "L'anno non è indicato: il periodo del piano resta non noto."),
    "bad_year": (ERROR, "Un anno non è scritto come anno."),
    "bad_period": (ERROR, "Il piano finisce prima di cominciare."),
    "bad_plan_code": (ERROR, "Il codice del piano contiene spazi o segni non ammessi."),
    "unknown_plan_kind": (ERROR, "Il tipo di piano non è tra quelli previsti."),
    "empty_title": (WARNING, "Una voce non ha titolo."),
    "duplicate_code": (ERROR, "Il codice di una voce è ripetuto."),
    "missing_parent": (ERROR, "La voce padre indicata non è nel foglio."),
    "parent_cycle": (ERROR, "Una voce finisce per contenere sé stessa."),
    "unknown_slot": (ERROR, "L'ambito di un obiettivo non è tra quelli previsti."),
    "bad_weight": (ERROR, "Un peso non è un numero intero da 0 a 100."),
    "weight_without_unit": (ERROR, "Un peso non ha strutture responsabili a cui essere assegnato."),
    "status_without_unit": (ERROR, "Uno stato non ha strutture responsabili."),
    "unknown_unit": (ERROR, "Una struttura indicata non è tra le responsabili della voce."),
    "bad_tag": (ERROR, "Una classificazione non è scritta nella forma «tassonomia: codice»."),
    "unknown_tag": (ERROR, "Una classificazione non è una voce della sua tassonomia."),
    "bad_indicator_cell": (ERROR, "Una cella del foglio degli indicatori non è leggibile."),
    "bad_value_cell": (ERROR, "Una cella del foglio dei valori non è leggibile."),
})  # fmt: skip


def describe_diagnostic(code: str) -> str:
    """The sentence of `code`; a code not yet registered reads as a generic sentence."""
    entry = DIAGNOSTIC_CODES.get(code)
    if entry is not None:
        return entry.sentence
    return f"Segnalazione dell'importazione ({code.replace('_', ' ')})."


SEVERITY_WORDS = {ERROR: "errore", WARNING: "avviso", INFO: "informazione"}


def codes_as_markdown() -> str:
    """docs/diagnostics.md: every registered code with its usual severity and its sentence,
    generated from this registry (`cruscotto diagnostics --codici`), never written by hand."""
    lines = [
        "# Diagnostic codes",
        "",
        "What each import diagnostic means, as the public pages say it. Generated from",
        "`cruscotto.core.diagnostic_codes` by `cruscotto diagnostics --codici`; a test",
        "checks this file is the registry's.",
        "",
        "| code | usual severity | meaning |",
        "| --- | --- | --- |",
    ]
    for code in sorted(DIAGNOSTIC_CODES):
        entry = DIAGNOSTIC_CODES[code]
        sentence = entry.sentence.replace("|", "\\|")
        lines.append(f"| `{code}` | {SEVERITY_WORDS[entry.severity]} | {sentence} |")
    return "\n".join(lines) + "\n"
