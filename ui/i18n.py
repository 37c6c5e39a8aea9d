"""Every user-facing string of the app, in English and Dutch, and `t(key, **values)` to show one.

Keys are dotted by where they appear (`kpi.now`, `in.sales`). Placeholders use `str.format`
(`{amount}`); amounts, numbers and dates are formatted by the caller with `fmt()` (Babel, via
`vip.explain.Fmt`) before they are put in. To add a string, add one entry with both languages;
`tests/test_app_text.py` checks that both are there and that every key the code uses exists.
Gap messages and status labels come from the core (`vip.explain`), not from here.
"""

from __future__ import annotations

from typing import Final

from ui import state
from vip.model.edition import Period
from vip.present.explain import Fmt

TEXT: Final[dict[str, dict[str, str]]] = {
    # --- navigation and settings
    "nav.advisor": {"en": "Advisor", "nl": "Adviseur"},
    "nav.compare": {"en": "Compare", "nl": "Vergelijken"},
    "nav.program": {"en": "Program", "nl": "Programma"},
    "nav.method": {"en": "Method", "nl": "Werkwijze"},
    "nav.recommendations": {"en": "Recommendations", "nl": "Aanbevelingen"},
    "settings.language": {"en": "Language", "nl": "Taal"},
    "settings.currency": {"en": "Show amounts in", "nl": "Bedragen in"},
    "settings.fx": {"en": "EUR per USD", "nl": "EUR per USD"},
    "settings.fx_help": {
        "en": "The rules are in USD. Amounts are shown in EUR at this rate; enter the day's rate.",
        "nl": "De regels rekenen in USD. Bedragen worden tegen deze koers in EUR getoond; vul de koers van vandaag in.",
    },
    # --- errors
    "error.rules": {
        "en": "A rules file cannot be used, so the rules that loaded before stay in use: {what}",
        "nl": "Een regelbestand is onbruikbaar; de eerder geladen regels blijven in gebruik: {what}",
    },
    "error.input": {
        "en": "That change was not applied; your inputs are as they were: {what}",
        "nl": "Die wijziging is niet doorgevoerd; uw invoer is ongewijzigd: {what}",
    },
    "error.url": {
        "en": "The what-if in this link cannot be read, so the app opened with its defaults: {what}",
        "nl": "De what-if in deze link is niet leesbaar; de app opent met de standaardwaarden: {what}",
    },
    "error.url_unreadable": {
        "en": "the `s` parameter is damaged or incomplete",
        "nl": "de parameter `s` is beschadigd of onvolledig",
    },
    "error.profile_dropped": {
        "en": "The partner on screen no longer fits the rules, so a sample partner was loaded: {what}",
        "nl": "De partner op het scherm past niet meer bij de regels; er is een voorbeeldpartner geladen: {what}",
    },
    "error.not_text": {"en": "not a text (YAML) file", "nl": "geen tekstbestand (YAML)"},
    # --- Advisor inputs
    "in.partner": {"en": "Partner", "nl": "Partner"},
    "in.sample": {"en": "Sample partner", "nl": "Voorbeeldpartner"},
    "in.sample_placeholder": {"en": "Pick a sample partner", "nl": "Kies een voorbeeldpartner"},
    "in.sample_broken": {"en": "cannot be read", "nl": "niet leesbaar"},
    "in.empty": {"en": "Start with an empty partner", "nl": "Begin met een lege partner"},
    "in.new_partner": {"en": "New partner", "nl": "Nieuwe partner"},
    "in.partner_name": {"en": "Partner name", "nl": "Naam partner"},
    "in.upload": {"en": "Open a profile file", "nl": "Profielbestand openen"},
    "in.upload_help": {
        "en": "A partner profile in YAML, as the `vip` command reads it (see the README).",
        "nl": "Een partnerprofiel in YAML, zoals het `vip`-commando het leest (zie de README).",
    },
    "in.download": {"en": "Download as profile file", "nl": "Downloaden als profielbestand"},
    "in.program": {"en": "Edition, period and country", "nl": "Editie, periode en land"},
    "in.edition": {"en": "Edition", "nl": "Editie"},
    "in.period": {"en": "Period", "nl": "Periode"},
    "in.period_months": {"en": "{n} months", "nl": "{n} maanden"},
    "in.period_dates": {
        "en": "{start} – {end}; enrolment closes {closes}",
        "nl": "{start} – {end}; inschrijving sluit {closes}",
    },
    "in.country": {"en": "Country", "nl": "Land"},
    "in.as_of": {"en": "Assessment date", "nl": "Peildatum"},
    "in.as_of_help": {
        "en": "The day the advice is given; empty means the start of the period. It decides whether an "
              "authorisation can still be earned before its deadline.",
        "nl": "De dag van het advies; leeg betekent het begin van de periode. Bepaalt of een autorisatie nog "
              "vóór de deadline te behalen is.",
    },
    "in.certification": {"en": "Certification and CSAT", "nl": "Certificering en CSAT"},
    "in.level": {"en": "Certification level", "nl": "Certificeringsniveau"},
    "in.csat": {"en": "CSAT responses handed in", "nl": "Ingeleverde CSAT-enquêtes"},
    "in.csat_help": {
        "en": "{level} must hand in {n} customer-satisfaction surveys.",
        "nl": "{level} moet {n} klanttevredenheidsenquêtes inleveren.",
    },
    "in.authorizations": {"en": "Specializations and ATP", "nl": "Specialisaties en ATP"},
    "in.implied_note": {
        "en": "{level} brings {n} specializations by itself; they are shown switched on.",
        "nl": "{level} brengt zelf {n} specialisaties mee; die staan al aan.",
    },
    "in.via": {"en": "via {level}", "nl": "via {level}"},
    "in.implied_help": {
        "en": "Implied by {level}: no separate specialization needed.",
        "nl": "Inbegrepen bij {level}: geen aparte specialisatie nodig.",
    },
    "in.other_track": {"en": "Other", "nl": "Overig"},
    "in.enrolment": {"en": "Enrolled subtracks", "nl": "Ingeschreven subtracks"},
    "in.sales_title": {"en": "Projected sales in the period (USD)", "nl": "Verwachte omzet in de periode (USD)"},
    "in.sales_help": {"en": "Projected sales in USD; the minimum is {amount}.",
                      "nl": "Verwachte omzet in USD; het minimum is {amount}."},
    "in.add_sales": {"en": "Projected sales for another subtrack", "nl": "Verwachte omzet voor een ander subtrack"},
    "in.add_sales_placeholder": {"en": "+ sales for another subtrack", "nl": "+ omzet voor een ander subtrack"},
    "in.by_family": {"en": "Sales per product family", "nl": "Omzet per productfamilie"},
    "in.by_family_help": {
        "en": "Enter sales per product family where a subtrack has several; families can have their own rate.",
        "nl": "Vul de omzet per productfamilie in waar een subtrack er meer heeft; een familie kan een eigen "
              "percentage hebben.",
    },
    "in.sales_note": {
        "en": "Shown for the subtracks the partner enrols in or sells; add others below. Each amount's help "
              "gives the subtrack's minimum for the country and period.",
        "nl": "Getoond voor de subtracks waarvoor de partner inschrijft of omzet heeft; voeg er hieronder meer "
              "toe. De hulptekst bij elk bedrag geeft het minimum voor het land en de periode.",
    },
    "in.enrol_help": {"en": "Click a subtrack to enrol in it (in PPE) or to leave it.",
                      "nl": "Klik op een subtrack om in te schrijven (in PPE) of om de inschrijving te schrappen."},
    "in.assumptions": {"en": "Assumptions", "nl": "Aannames"},
    "in.staff": {"en": "Certified staff", "nl": "Gecertificeerd personeel"},
    "in.staff_note": {
        "en": "Who the partner already has, and for which authorisations each fills a role. Their spare room is "
              "used before a new person is counted (an account manager covers up to {am}). Rows without a role "
              "do not count yet.",
        "nl": "Wie de partner al heeft, en voor welke autorisaties elk een rol vervult. Hun vrije ruimte gaat "
              "voor op een nieuwe medewerker (een accountmanager dekt er tot {am}). Rijen zonder rol tellen "
              "nog niet mee.",
    },
    "in.staff_name": {"en": "Name", "nl": "Naam"},
    "in.staff_role": {"en": "Role", "nl": "Rol"},
    "in.staff_covers": {"en": "Covers", "nl": "Dekt"},
    "in.staff_covers_help": {"en": "The authorisations this person fills the role for.",
                             "nl": "De autorisaties waarvoor deze persoon de rol vervult."},
    "role.AM": {"en": "Account manager (AM)", "nl": "Accountmanager (AM)"},
    "role.SE": {"en": "Systems engineer (SE)", "nl": "Systems engineer (SE)"},
    "role.FE": {"en": "Field engineer (FE)", "nl": "Field engineer (FE)"},
    "in.hourly": {"en": "Staff cost per hour (USD)", "nl": "Personeelskosten per uur (USD)"},
    "in.hourly_help": {
        "en": "Loaded cost of one staff hour spent on exams, training and surveys.",
        "nl": "Integrale kosten van één uur personeelsinzet voor examens, training en enquêtes.",
    },
    "in.horizon": {"en": "Horizon (periods)", "nl": "Horizon (perioden)"},
    "in.horizon_help": {
        "en": "How many program periods the return is counted over.",
        "nl": "Over hoeveel programmaperiodes het rendement wordt berekend.",
    },
    "in.discount": {"en": "Discount rate (% a year)", "nl": "Disconteringsvoet (% per jaar)"},
    "in.discount_help": {
        "en": "Used for the net present value of the cash over the horizon.",
        "nl": "Gebruikt voor de netto contante waarde van de kasstromen over de horizon.",
    },
    # --- Advisor outputs
    "head.as_of": {"en": "as of {day}", "nl": "peildatum {day}"},
    "kpi.now": {"en": "Estimated rebate", "nl": "Geschat rebate nu"},
    "kpi.now_help": {
        "en": "The rebate on the projected sales of the subtracks that are eligible as things stand.",
        "nl": "Het rebate op de verwachte omzet van de subtracks die nu al in aanmerking komen.",
    },
    "kpi.potential": {"en": "Potential rebate", "nl": "Potentieel rebate"},
    "kpi.potential_help": {
        "en": "The rebate once every certification, specialization, CSAT and enrolment gap is closed; the "
              "projected sales must meet each minimum themselves.",
        "nl": "Het rebate als alle tekorten in certificering, specialisaties, CSAT en inschrijving zijn "
              "opgelost; de verwachte omzet moet zelf elk minimum halen.",
    },
    "kpi.investment": {"en": "Investment", "nl": "Investering"},
    "kpi.investment_delta": {"en": "{cash} + {hours} h", "nl": "{cash} + {hours} uur"},
    "kpi.investment_help": {
        "en": "One-off cost of closing the gaps: the cheapest set of authorisations (exams, training, new "
              "people) plus staff hours at {rate} an hour.",
        "nl": "Eenmalige kosten om de tekorten op te lossen: de goedkoopste set autorisaties (examens, "
              "training, nieuwe mensen) plus personeelsuren à {rate} per uur.",
    },
    "kpi.payback": {"en": "Payback", "nl": "Terugverdientijd"},
    "kpi.periods": {"en": "{n} periods", "nl": "{n} perioden"},
    "kpi.months": {"en": "≈ {n} months", "nl": "≈ {n} maanden"},
    "kpi.never": {"en": "none", "nl": "geen"},
    "kpi.nothing_to_invest": {"en": "nothing to invest", "nl": "niets te investeren"},
    "chart.no_cash": {
        "en": "Nothing to invest: no gap here can be closed by spending on authorisations, people or CSATs, "
              "so there is no cash flow to show.",
        "nl": "Niets te investeren: geen tekort hier is op te lossen met uitgaven aan autorisaties, mensen of "
              "CSAT’s, dus er is geen kasstroom te tonen.",
    },
    "kpi.payback_help": {
        "en": "Periods of {months} months until the extra rebate has paid back the investment and renewals.",
        "nl": "Perioden van {months} maanden tot het extra rebate de investering en verlengingen heeft "
              "terugverdiend.",
    },
    "kpi.npv": {"en": "Net present value", "nl": "Netto contante waarde"},
    "kpi.changes": {"en": "Against {partner} as loaded, your changes cost {cost}:",
                    "nl": "Tegenover {partner} zoals geladen kosten uw wijzigingen {cost}:"},
    "kpi.changes_npv": {"en": "net present value {npv} over {n} periods",
                        "nl": "netto contante waarde {npv} over {n} perioden"},
    "kpi.roi": {"en": "ROI", "nl": "ROI"},
    "kpi.npv_help": {
        "en": "The extra rebate minus investment and renewals over {n} periods, discounted at {rate} a year. "
              "Below it the return on investment (ROI) over the same periods.",
        "nl": "Het extra rebate min investering en verlengingen over {n} perioden, verdisconteerd tegen {rate} "
              "per jaar. Daaronder het rendement op de investering (ROI) over dezelfde perioden.",
    },
    "elig.show_all": {"en": "Show every subtrack", "nl": "Toon alle subtracks"},
    "elig.empty": {
        "en": "Enrol in a subtrack or enter projected sales (in the sidebar) to see eligibility and rebate.",
        "nl": "Schrijf in voor een subtrack of vul verwachte omzet in (in de zijbalk) om te zien wat in "
              "aanmerking komt.",
    },
    "elig.subtrack": {"en": "Subtrack", "nl": "Subtrack"},
    "elig.status": {"en": "Status", "nl": "Status"},
    "elig.sales": {"en": "Projected sales", "nl": "Verwachte omzet"},
    "elig.min": {"en": "minimum {amount}", "nl": "minimum {amount}"},
    "elig.now": {"en": "Rebate now", "nl": "Rebate nu"},
    "elig.potential": {"en": "Potential", "nl": "Potentieel"},
    "elig.todo": {"en": "What it takes", "nl": "Wat er nodig is"},
    "elig.nothing": {"en": "Nothing: all requirements met", "nl": "Niets: aan alle eisen voldaan"},
    "elig.bonus": {
        "en": "Bonus {name}: {now} now, {potential} potential ({rate} of {base}, capped at {cap}).",
        "nl": "Bonus {name}: {now} nu, {potential} potentieel ({rate} van {base}, maximaal {cap}).",
    },
    "inv.title": {"en": "What the investment is made of", "nl": "Waaruit de investering bestaat"},
    "inv.none": {"en": "Nothing to invest: no gap that money or hours can close.",
                 "nl": "Niets te investeren: geen tekort dat met geld of uren op te lossen is."},
    "inv.summary": {"en": "Earn: **{earn}**. New people: **{people}**.",
                    "nl": "Behalen: **{earn}**. Nieuwe mensen: **{people}**."},
    "inv.no_people": {"en": "none (existing staff has room)", "nl": "geen (bestaand personeel heeft ruimte)"},
    "inv.for": {"en": "For", "nl": "Voor"},
    "inv.item": {"en": "Item", "nl": "Post"},
    "inv.cash": {"en": "Cash", "nl": "Uitgaven"},
    "inv.hours": {"en": "Staff hours", "nl": "Uren"},
    "inv.training": {"en": "Training", "nl": "Training"},
    "inv.staff_hours": {"en": "Staff time", "nl": "Personeelsinzet"},
    "inv.total": {"en": "Total", "nl": "Totaal"},
    "inv.total_note": {"en": "hours at {rate} each", "nl": "uren à {rate}"},
    "inv.renewal": {"en": "Yearly renewals of what is earned: {amount}.",
                    "nl": "Jaarlijkse verlenging van wat behaald wordt: {amount}."},
    "chart.progress": {"en": "Projected sales against each minimum", "nl": "Verwachte omzet tegenover elk minimum"},
    "chart.sales": {"en": "Projected", "nl": "Verwacht"},
    "chart.minimum": {"en": "minimum", "nl": "minimum"},
    "chart.cash": {"en": "Cumulative cash over the horizon", "nl": "Cumulatieve kasstroom over de horizon"},
    "chart.flow": {"en": "In the period", "nl": "In de periode"},
    "chart.cumulative": {"en": "Cumulative", "nl": "Cumulatief"},
    "chart.start": {"en": "Now", "nl": "Nu"},
    "chart.period_axis": {"en": "Period ({months} months each)", "nl": "Periode (elk {months} maanden)"},
    "chart.break_even": {"en": "break-even after {n} periods", "nl": "break-even na {n} perioden"},
    "chart.break_even_later": {"en": "break-even after {n} periods, beyond the horizon",
                               "nl": "break-even na {n} perioden, voorbij de horizon"},
    "chart.no_break_even": {"en": "no break-even", "nl": "geen break-even"},
    "save.title": {"en": "Save as scenario", "nl": "Opslaan als scenario"},
    "save.name": {"en": "Scenario name", "nl": "Naam scenario"},
    "save.default": {"en": "Scenario {n}", "nl": "Scenario {n}"},
    "save.button": {"en": "Save as scenario", "nl": "Opslaan als scenario"},
    "save.done": {"en": "Saved “{name}”: see Compare.", "nl": "“{name}” opgeslagen: zie Vergelijken."},
    "save.count": {"en": "{n} of {max} scenarios saved.", "nl": "{n} van {max} scenario’s opgeslagen."},
    "save.full": {"en": "{max} scenarios saved: remove one on Compare to save another.",
                  "nl": "{max} scenario’s opgeslagen: verwijder er een bij Vergelijken om een nieuw op te slaan."},
    "save.to_compare": {"en": "Compare the scenarios", "nl": "Vergelijk de scenario’s"},
    # --- Clients page: saved scenarios, bookings import, reports
    "nav.clients": {"en": "Clients", "nl": "Klanten"},
    "clients.title": {"en": "Clients: saved scenarios, bookings and reports",
                      "nl": "Klanten: opgeslagen scenario’s, boekingen en rapporten"},
    "clients.tab_saved": {"en": "Saved scenarios", "nl": "Opgeslagen scenario’s"},
    "clients.tab_import": {"en": "Import bookings", "nl": "Boekingen importeren"},
    "clients.tab_reports": {"en": "Reports", "nl": "Rapporten"},
    "clients.store_error": {"en": "The scenario database cannot be opened: {what}",
                            "nl": "De scenariodatabase kan niet worden geopend: {what}"},
    "clients.save_title": {"en": "Save the partner on screen", "nl": "De partner op het scherm opslaan"},
    "clients.client": {"en": "Client", "nl": "Klant"},
    "clients.scenario": {"en": "Scenario", "nl": "Scenario"},
    "clients.default_scenario": {"en": "Baseline", "nl": "Uitgangssituatie"},
    "clients.note": {"en": "Note (optional)", "nl": "Notitie (optioneel)"},
    "clients.note_placeholder": {"en": "e.g. after the April meeting", "nl": "bijv. na het gesprek in april"},
    "clients.save": {"en": "Save", "nl": "Opslaan"},
    "clients.save_help": {
        "en": "Saving again under the same client and scenario adds a version; earlier versions stay in the history.",
        "nl": (
            "Opnieuw opslaan onder dezelfde klant en hetzelfde scenario voegt een versie toe; eerdere "
            "versies blijven in de geschiedenis."
        ),
    },
    "clients.saved": {"en": "Saved {client} / {scenario}, version {n}.",
                      "nl": "{client} / {scenario} opgeslagen, versie {n}."},
    "clients.save_failed": {"en": "Not saved: {what}", "nl": "Niet opgeslagen: {what}"},
    "clients.saved_title": {"en": "Saved scenarios", "nl": "Opgeslagen scenario’s"},
    "clients.none_saved": {"en": "No scenarios saved yet.", "nl": "Nog geen scenario’s opgeslagen."},
    "clients.col_client": {"en": "Client", "nl": "Klant"},
    "clients.col_scenario": {"en": "Scenario", "nl": "Scenario"},
    "clients.col_partner": {"en": "Partner", "nl": "Partner"},
    "clients.col_edition": {"en": "Edition", "nl": "Editie"},
    "clients.col_versions": {"en": "Versions", "nl": "Versies"},
    "clients.col_saved": {"en": "Last saved", "nl": "Laatst opgeslagen"},
    "clients.pick": {"en": "Scenario", "nl": "Scenario"},
    "clients.load": {"en": "Load", "nl": "Laden"},
    "clients.loaded": {"en": "Loaded {client} / {scenario}, version {n}: it is the partner on screen now.",
                       "nl": "{client} / {scenario} versie {n} geladen: dit is nu de partner op het scherm."},
    "clients.load_failed": {"en": "Not loaded: {what}", "nl": "Niet geladen: {what}"},
    "clients.delete": {"en": "Delete", "nl": "Verwijderen"},
    "clients.deleted": {"en": "Deleted {client} / {scenario}.", "nl": "{client} / {scenario} verwijderd."},
    "clients.undo": {"en": "Undo", "nl": "Ongedaan maken"},
    "clients.restore": {"en": "Restore", "nl": "Terugzetten"},
    "clients.restored": {"en": "Restored {scenario}.", "nl": "{scenario} teruggezet."},
    "clients.deleted_title": {"en": "Deleted scenarios ({n})", "nl": "Verwijderde scenario’s ({n})"},
    "clients.new_name": {"en": "New name", "nl": "Nieuwe naam"},
    "clients.rename": {"en": "Rename", "nl": "Hernoemen"},
    "clients.renamed": {"en": "Renamed to {scenario}.", "nl": "Hernoemd naar {scenario}."},
    "clients.history": {"en": "History: versions 1 to {n}", "nl": "Geschiedenis: versies 1 tot en met {n}"},
    "clients.version": {"en": "Version {n}, {when}", "nl": "Versie {n}, {when}"},
    "clients.load_version": {"en": "Load v{n}", "nl": "Laad v{n}"},
    "clients.import_title": {"en": "Import a bookings export", "nl": "Een boekingenexport importeren"},
    "clients.import_help": {
        "en": (
            "A CSV or Excel export with a line per order line (product/SKU, amount, date, optionally "
            "currency). Lines are counted for {edition}, {period}; nothing changes until you press “Use"
            " as projected sales”."
        ),
        "nl": (
            "Een CSV- of Excel-export met een regel per orderregel (product/artikelnummer, bedrag, "
            "datum, eventueel valuta). Regels tellen voor {edition}, {period}; er verandert niets tot u"
            " op “Gebruik als verwachte omzet” drukt."
        ),
    },
    "clients.upload": {"en": "Bookings file (CSV or XLSX, at most 10 MB)",
                       "nl": "Boekingenbestand (CSV of XLSX, hoogstens 10 MB)"},
    "clients.sample_file": {"en": "Or try a sample export", "nl": "Of probeer een voorbeeldexport"},
    "clients.sample_none": {"en": "(none)", "nl": "(geen)"},
    "clients.kept_file": {
        "en": "Using the file you uploaded: {file}. Upload another, or pick a sample file, to replace it.",
        "nl": "Het geüploade bestand wordt gebruikt: {file}. Upload een ander of kies een voorbeeldbestand om het "
              "te vervangen.",
    },
    "clients.import_error": {"en": "The file cannot be imported; your inputs are as they were: {what}",
                             "nl": "Het bestand kan niet worden geïmporteerd; uw invoer is ongewijzigd: {what}"},
    "clients.read": {"en": "{file}: {how}, {rows} rows.", "nl": "{file}: {how}, {rows} regels."},
    "clients.read_csv": {"en": "CSV, {encoding}, separator {sep}", "nl": "CSV, {encoding}, scheidingsteken {sep}"},
    "clients.read_xlsx": {"en": "Excel, sheet {sheet}", "nl": "Excel, werkblad {sheet}"},
    "clients.field.product": {"en": "Product / SKU", "nl": "Product / artikelnummer"},
    "clients.field.amount": {"en": "Amount", "nl": "Bedrag"},
    "clients.field.date": {"en": "Date", "nl": "Datum"},
    "clients.field.currency": {"en": "Currency (optional)", "nl": "Valuta (optioneel)"},
    "clients.field.description": {"en": "Description (optional)", "nl": "Omschrijving (optioneel)"},
    "clients.no_column": {"en": "(no column)", "nl": "(geen kolom)"},
    "clients.map_missing": {"en": "Choose the column for: {fields}.", "nl": "Kies de kolom voor: {fields}."},
    "clients.file_currency": {"en": "Amounts without a currency are in", "nl": "Bedragen zonder valuta zijn in"},
    "clients.months": {
        "en": "Months of bookings in the file (of {n})",
        "nl": "Maanden aan boekingen in het bestand (van {n})",
    },
    "clients.rate": {"en": "{code} per USD", "nl": "{code} per USD"},
    "clients.rate_help": {
        "en": "Exchange rate for lines in {code}; without one they are rejected.",
        "nl": "Wisselkoers voor regels in {code}; zonder koers worden ze afgewezen.",
    },
    "clients.m_rows": {"en": "Rows", "nl": "Regels"},
    "clients.m_counted": {"en": "Counted", "nl": "Geteld"},
    "clients.m_rejected": {"en": "Rejected", "nl": "Afgewezen"},
    "clients.m_outside": {"en": "Outside the period", "nl": "Buiten de periode"},
    "clients.m_unmapped": {"en": "Unmapped", "nl": "Niet toegewezen"},
    "clients.scaled": {"en": "Totals extrapolated to the whole period (× {factor}).",
                       "nl": "Totalen doorgetrokken naar de hele periode (× {factor})."},
    "clients.col_subtrack": {"en": "Subtrack", "nl": "Subtrack"},
    "clients.col_family": {"en": "Product family", "nl": "Productfamilie"},
    "clients.col_amount": {"en": "Amount", "nl": "Bedrag"},
    "clients.col_row": {"en": "Row", "nl": "Regel"},
    "clients.col_status": {"en": "Status", "nl": "Status"},
    "clients.col_reason": {"en": "Reason", "nl": "Reden"},
    "clients.col_sku": {"en": "SKU", "nl": "Artikelnummer"},
    "clients.col_date": {"en": "Date", "nl": "Datum"},
    "clients.negative": {"en": "Credit notes outweigh the sales of {what}: counted as 0.",
                         "nl": "Creditnota’s zijn groter dan de omzet van {what}: geteld als 0."},
    "clients.issues_title": {"en": "{n} lines do not count", "nl": "{n} regels tellen niet mee"},
    "clients.issues_download": {"en": "Download these lines (CSV)", "nl": "Deze regels downloaden (CSV)"},
    "clients.replace_all": {"en": "Replace all projected sales", "nl": "Alle verwachte omzet vervangen"},
    "clients.replace_all_help": {
        "en": "Off: only the subtracks in the file get new figures. On: subtracks not in the file go to zero.",
        "nl": (
            "Uit: alleen de subtracks in het bestand krijgen nieuwe cijfers. Aan: subtracks die niet in"
            " het bestand staan gaan naar nul."
        ),
    },
    "clients.apply": {"en": "Use as projected sales", "nl": "Gebruik als verwachte omzet"},
    "clients.applied": {"en": "Projected sales of {n} subtracks taken from {file}; see Advisor.",
                        "nl": "Verwachte omzet van {n} subtracks overgenomen uit {file}; zie Adviseur."},
    "clients.reports_title": {"en": "Meeting reports", "nl": "Gespreksrapporten"},
    "clients.reports_help": {
        "en": (
            "For {partner}, in {lang}, amounts in {currency}. The HTML report works offline and prints "
            "to PDF from the browser."
        ),
        "nl": (
            "Voor {partner}, in het {lang}, bedragen in {currency}. Het HTML-rapport werkt offline en "
            "is vanuit de browser als PDF af te drukken."
        ),
    },
    "clients.reports_changes": {
        "en": "The inputs differ from {partner} as loaded: the reports also say what those changes cost and are "
              "worth.",
        "nl": "De invoer wijkt af van {partner} zoals geladen: de rapporten zeggen ook wat die wijzigingen kosten "
              "en opleveren.",
    },
    "clients.lang_en": {"en": "English", "nl": "Engels"},
    "clients.lang_nl": {"en": "Dutch", "nl": "Nederlands"},
    "clients.report_excel": {"en": "Excel workbook", "nl": "Excel-werkmap"},
    "clients.report_html": {"en": "HTML report", "nl": "HTML-rapport"},
    # --- Compare
    "compare.title": {"en": "Compare scenarios", "nl": "Scenario’s vergelijken"},
    "compare.caption": {
        "en": "The baseline is {partner} as it was loaded; each scenario is a what-if saved on the Advisor.",
        "nl": "De uitgangssituatie is {partner} zoals geladen; elk scenario is een what-if die op de Adviseur "
              "is opgeslagen.",
    },
    "compare.none": {
        "en": "No scenarios saved yet. Change the inputs on the Advisor and press “Save as scenario”.",
        "nl": "Nog geen scenario’s opgeslagen. Wijzig de invoer op de Adviseur en klik op “Opslaan als scenario”.",
    },
    "compare.to_advisor": {"en": "Go to the Advisor", "nl": "Naar de Adviseur"},
    "compare.unsaved": {
        "en": "The what-if now on the Advisor is not among these: save it there to compare it.",
        "nl": "De what-if die nu op de Adviseur staat, hoort hier niet bij: sla hem daar op om te vergelijken.",
    },
    "compare.baseline": {"en": "Baseline", "nl": "Uitgangssituatie"},
    "compare.roi": {"en": "ROI over the horizon", "nl": "Rendement over de horizon"},
    "compare.investment": {"en": "Investment to close its gaps", "nl": "Investering om de tekorten te sluiten"},
    "compare.npv": {"en": "Net present value of closing its gaps",
                    "nl": "Netto contante waarde van het sluiten van de tekorten"},
    "compare.changes_cost": {"en": "Cost of its changes", "nl": "Kosten van de wijzigingen"},
    "compare.changes_npv": {"en": "Net present value of its changes",
                            "nl": "Netto contante waarde van de wijzigingen"},
    "compare.changes_note": {
        "en": "The last two rows value each scenario's own changes against the baseline, as a plan on "
              "Recommendations is valued: the authorisations and CSATs it adds (less the renewals of those it "
              "drops), at the baseline's staff and "
              "assumptions, against its change in the estimated rebate (period 1 counts only what could be in "
              "time). A scenario in another edition or period has nothing to set against: —.",
        "nl": "De laatste twee regels waarderen de eigen wijzigingen van elk scenario tegen de uitgangssituatie, "
              "zoals een plan op Aanbevelingen wordt gewaardeerd: de autorisaties en CSAT’s die het toevoegt "
              "(min de verlengingen van wat het laat vallen), "
              "met het personeel en de aannames van de uitgangssituatie, tegen de verandering in het geschatte "
              "rebate (periode 1 telt alleen wat op tijd kan). Een scenario in een andere editie of periode heeft "
              "niets om tegen af te zetten: —.",
    },
    "compare.subtracks": {"en": "Rebate per subtrack", "nl": "Rebate per subtrack"},
    "compare.marks": {
        "en": "✓ eligible, ✗ not eligible; below each amount the change against the baseline.",
        "nl": "✓ komt in aanmerking, ✗ niet; onder elk bedrag het verschil met de uitgangssituatie.",
    },
    "compare.chart": {"en": "Rebate, and what the changes cost and are worth",
                      "nl": "Rebate, en wat de wijzigingen kosten en opleveren"},
    "compare.inputs": {"en": "What each scenario changes", "nl": "Wat elk scenario verandert"},
    "compare.open": {"en": "Open", "nl": "Openen"},
    "compare.remove": {"en": "Remove", "nl": "Verwijderen"},
    "compare.same_inputs": {"en": "Same inputs as the baseline.", "nl": "Dezelfde invoer als de uitgangssituatie."},
    "field.partner": {"en": "Partner", "nl": "Partner"},
    "field.country": {"en": "Country", "nl": "Land"},
    "field.edition": {"en": "Edition", "nl": "Editie"},
    "field.period": {"en": "Period", "nl": "Periode"},
    "field.certification": {"en": "Certification", "nl": "Certificering"},
    "field.specializations": {"en": "Specializations", "nl": "Specialisaties"},
    "field.atp": {"en": "ATP authorisations", "nl": "ATP-autorisaties"},
    "field.csat_responses": {"en": "CSAT responses", "nl": "CSAT-enquêtes"},
    "field.enrolled": {"en": "Enrolment", "nl": "Inschrijving"},
    "field.projected_sales": {"en": "Projected sales", "nl": "Verwachte omzet"},
    "field.staff": {"en": "Certified staff", "nl": "Gecertificeerd personeel"},
    "field.as_of": {"en": "Assessment date", "nl": "Peildatum"},
    "field.hourly_cost": {"en": "Staff cost per hour", "nl": "Personeelskosten per uur"},
    "field.horizon_periods": {"en": "Horizon (periods)", "nl": "Horizon (perioden)"},
    "field.discount_rate": {"en": "Discount rate", "nl": "Disconteringsvoet"},
    "field.default": {"en": "the edition's default", "nl": "de standaard van de editie"},
    "field.period_start": {"en": "period start", "nl": "begin van de periode"},
    # --- Program
    "prog.country": {"en": "Country for the minimums", "nl": "Land voor de minima"},
    "prog.country_help": {
        "en": "Minimum volumes differ per country; countries without their own figure use the default.",
        "nl": "Minimumvolumes verschillen per land; landen zonder eigen bedrag krijgen de standaard.",
    },
    "prog.other": {"en": "Compare with", "nl": "Vergelijken met"},
    "prog.summary": {
        "en": "At most **{rate}** rebate; {policy}. All amounts in **{currency}**.",
        "nl": "Maximaal **{rate}** rebate; {policy}. Alle bedragen in **{currency}**.",
    },
    "prog.policy": {"en": "Minimums", "nl": "Minima"},
    "prog.policy_per_subtrack": {
        "en": "each subtrack earns on its own once it meets its minimum",
        "nl": "elk subtrack levert op zodra het zijn eigen minimum haalt",
    },
    "prog.policy_all_enrolled": {
        "en": "nothing is paid unless every enrolled subtrack meets its minimum",
        "nl": "er wordt niets uitbetaald tenzij elk ingeschreven subtrack zijn minimum haalt",
    },
    "prog.origin_note": {
        "en": "{sourced} figures in this edition have a source; {illustrative} are illustrative (marked *). Check "
              "the illustrative ones against the edition rules the partner has from Cisco.",
        "nl": "{sourced} bedragen en getallen in deze editie hebben een bron; {illustrative} zijn illustratief "
              "(gemarkeerd met *). Controleer die tegen de editieregels die de partner van Cisco heeft.",
    },
    "prog.tab_tracks": {"en": "Tracks and subtracks", "nl": "Tracks en subtracks"},
    "prog.tab_authorizations": {"en": "Specializations and ATP", "nl": "Specialisaties en ATP"},
    "prog.tab_levels": {"en": "Periods, levels, roles", "nl": "Perioden, niveaus, rollen"},
    "prog.tab_differences": {"en": "Differences between editions", "nl": "Verschillen tussen edities"},
    "prog.families": {"en": "Product families", "nl": "Productfamilies"},
    "prog.rate": {"en": "Rate", "nl": "Percentage"},
    "prog.minimum": {"en": "Minimum {months} mo. ({country})", "nl": "Minimum {months} mnd. ({country})"},
    "prog.requires": {"en": "Requires (any of)", "nl": "Vereist (een van)"},
    "prog.or": {"en": "or", "nl": "of"},
    "prog.due_enrollment": {"en": "at enrolment", "nl": "bij inschrijving"},
    "prog.due_period_end": {"en": "by period end", "nl": "vóór het einde van de periode"},
    "prog.illustrative": {"en": "illustrative: check it", "nl": "illustratief: controleren"},
    "prog.bonuses": {"en": "Bonuses", "nl": "Bonussen"},
    "prog.bonus": {"en": "Bonus", "nl": "Bonus"},
    "prog.bonus_rule": {
        "en": "{rate} of the eligible sales of {on}, at most {cap} of the eligible sales of {of}",
        "nl": "{rate} van de in aanmerking komende omzet van {on}, maximaal {cap} van die van {of}",
    },
    "prog.authorization": {"en": "Authorisation", "nl": "Autorisatie"},
    "prog.kind_specialization": {"en": "Specialization", "nl": "Specialisatie"},
    "prog.kind_atp": {"en": "ATP", "nl": "ATP"},
    "prog.roles": {"en": "People (roles)", "nl": "Mensen (rollen)"},
    "prog.exams": {"en": "Exams", "nl": "Examens"},
    "prog.per_person": {"en": "each {role}", "nl": "per {role}"},
    "prog.training": {"en": "Training", "nl": "Training"},
    "prog.credits": {"en": "{n} learning credits", "nl": "{n} learning credits"},
    "prog.hours": {"en": "Staff hours", "nl": "Uren"},
    "prog.months": {"en": "Months to earn", "nl": "Maanden"},
    "prog.renewal": {"en": "Renewal a year", "nl": "Verlenging per jaar"},
    "prog.periods": {"en": "Periods", "nl": "Perioden"},
    "prog.start": {"en": "Start", "nl": "Begin"},
    "prog.end": {"en": "End", "nl": "Einde"},
    "prog.closes": {"en": "Enrolment closes", "nl": "Inschrijving sluit"},
    "prog.levels": {"en": "Certification levels", "nl": "Certificeringsniveaus"},
    "prog.level": {"en": "Level", "nl": "Niveau"},
    "prog.rank": {"en": "Rank", "nl": "Rang"},
    "prog.csat": {"en": "CSATs required", "nl": "Vereiste CSAT’s"},
    "prog.implies": {"en": "Brings (no separate specialization needed)",
                     "nl": "Brengt mee (geen aparte specialisatie nodig)"},
    "prog.roles_defaults": {"en": "Roles and defaults", "nl": "Rollen en standaardwaarden"},
    "prog.role": {"en": "Role", "nl": "Rol"},
    "prog.max_per_person": {"en": "Authorisations per person", "nl": "Autorisaties per persoon"},
    "prog.new_fee": {"en": "New person: exams", "nl": "Nieuwe persoon: examens"},
    "prog.new_hours": {"en": "New person: hours", "nl": "Nieuwe persoon: uren"},
    "prog.default": {"en": "Default", "nl": "Standaard"},
    "prog.value": {"en": "Value", "nl": "Waarde"},
    "prog.credit": {"en": "One learning credit", "nl": "Eén learning credit"},
    "prog.csat_due": {"en": "CSATs due", "nl": "CSAT’s uiterlijk"},
    "prog.csat_hours": {"en": "Staff hours per CSAT", "nl": "Uren per CSAT"},
    "prog.max_rate": {"en": "Maximum rate", "nl": "Maximumpercentage"},
    "prog.what": {"en": "What", "nl": "Wat"},
    "prog.absent": {"en": "not in this edition", "nl": "niet in deze editie"},
    "prog.no_differences": {"en": "{a} and {b} do not differ.", "nl": "{a} en {b} verschillen niet."},
    "prog.diff_caption": {
        "en": "Every figure that differs between {a} and {b} (minimums for {country}).",
        "nl": "Elk bedrag of getal dat verschilt tussen {a} en {b} (minima voor {country}).",
    },
    "prog.one_edition": {"en": "There is only one edition to show.", "nl": "Er is maar één editie."},
    "prog.marks": {
        "en": "[n] = source, listed under the table (hover a mark to read it); * = illustrative figure.",
        "nl": "[n] = bron, vermeld onder de tabel (wijs een markering aan om hem te lezen); * = illustratief.",
    },
    # --- Method
    "method.title": {"en": "How the figures are computed", "nl": "Hoe de cijfers tot stand komen"},
    "method.warning": {
        "en": "**Part of the figures are illustrative.** Cisco published the real per-SKU rates and country "
              "minimums to partners only. Every figure in the rules says where it came from, or that it is a "
              "placeholder (marked * on the Program page). Check the illustrative figures against the edition "
              "rules the partner has from Cisco before relying on a result, and put the real ones in a rules "
              "file of your own (see the end of this page).",
        "nl": "**Een deel van de cijfers is illustratief.** Cisco publiceerde de echte percentages per SKU en de "
              "minima per land alleen aan partners. Bij elk getal in de regels staat waar het vandaan komt, of dat "
              "het een aanname is (gemarkeerd met * op de pagina Programma). Controleer de illustratieve cijfers "
              "tegen de editieregels die de partner van Cisco heeft voordat u op een uitkomst vertrouwt, en zet "
              "de echte cijfers in een eigen regelbestand (zie onderaan deze pagina).",
    },
    "method.eligibility": {
        "en": "**Eligibility.** A subtrack is eligible exactly when nothing stands in the way: the partner is "
              "enrolled before enrolment closes; for each requirement it holds one of the listed specializations "
              "or ATP authorisations (its own, or one its certification level brings), or its level ranks at "
              "least as high as a listed level, by the deadline the edition sets (at enrolment or by the end of "
              "the period); its projected sales in the period reach the minimum for its country and period (the "
              "country's own figure, else the edition's default); and it has handed in the CSATs its level asks. "
              "Under the *all enrolled* policy nothing is paid unless every enrolled subtrack meets its minimum. "
              "A gap can still be closed this period when the quickest authorisation that closes it takes no "
              "more months than are left between the assessment date and its deadline.",
        "nl": "**In aanmerking komen.** Een subtrack komt in aanmerking zodra niets meer in de weg staat: de "
              "partner is ingeschreven voordat de inschrijving sluit; voor elke eis heeft hij een van de genoemde "
              "specialisaties of ATP-autorisaties (van zichzelf, of meegebracht door zijn certificeringsniveau), "
              "of zijn niveau is minstens zo hoog als een genoemd niveau, op tijd voor de deadline van de editie "
              "(bij inschrijving of vóór het einde van de periode); zijn verwachte omzet in de periode haalt het "
              "minimum voor zijn land en periode (het bedrag van het land, anders de standaard van de editie); en "
              "hij heeft de CSAT’s ingeleverd die zijn niveau vraagt. Onder het beleid *alle ingeschreven* wordt "
              "niets uitbetaald tenzij elk ingeschreven subtrack zijn minimum haalt. Een tekort is deze periode "
              "nog op te lossen als de snelste autorisatie die het oplost niet meer maanden kost dan er tussen de "
              "peildatum en de deadline over zijn.",
    },
    "method.rebate": {
        "en": "**Rebate.** Per subtrack: projected sales × rate, per product family when sales are given per "
              "family (a family can have its own rate). *Estimated rebate now* is the sum over the eligible "
              "subtracks, plus any bonus on them (a rate on the eligible sales of some subtracks, capped at a rate "
              "of the eligible sales of others). *Potential rebate* is the same over the subtracks that are "
              "eligible or would be once every specialization, certification, CSAT and enrolment gap is closed; "
              "the projected sales must still meet each minimum themselves.",
        "nl": "**Rebate.** Per subtrack: verwachte omzet × percentage, per productfamilie als de omzet per familie "
              "is opgegeven (een familie kan een eigen percentage hebben). *Geschat rebate nu* is de som over de "
              "subtracks die in aanmerking komen, plus een eventuele bonus daarop (een percentage van de omzet van "
              "sommige subtracks, begrensd op een percentage van de omzet van andere). *Potentieel rebate* is "
              "hetzelfde over de subtracks die in aanmerking komen of zouden komen als elk tekort in "
              "specialisaties, certificering, CSAT’s en inschrijving is opgelost; de verwachte omzet moet wel zelf "
              "elk minimum halen.",
    },
    "method.investment": {
        "en": "**Investment.** The cheapest set of authorisations that closes every authorisation gap of the "
              "subtracks that would become eligible, found exactly, so that an authorisation several subtracks "
              "need is paid once. Its cost: exams (a role exam for each person in that role), training (learning "
              "credits at the USD value of a credit, or USD), staff hours, and people: the role slots go first to "
              "spare room of the certified staff the partner already has (an account manager covers up to 4 "
              "authorisations, a systems or field engineer up to 2), the rest to new people, each bringing a "
              "career-certification fee and hours. Missing CSATs cost staff hours. *Investment* = cash + staff "
              "hours × staff cost per hour. Each authorisation earned also renews every year.",
        "nl": "**Investering.** De goedkoopste set autorisaties die elk autorisatietekort oplost van de subtracks "
              "die in aanmerking zouden komen, exact berekend, zodat een autorisatie die meerdere subtracks nodig "
              "hebben één keer betaald wordt. De kosten: examens (een rolexamen voor elke persoon in die rol), "
              "training (learning credits tegen de USD-waarde van een credit, of USD), personeelsuren, en mensen: "
              "de rolplaatsen gaan eerst naar de ruimte die gecertificeerd personeel van de partner nog heeft (een "
              "accountmanager dekt tot 4 autorisaties, een systems- of field engineer tot 2), de rest naar nieuwe "
              "mensen, elk met examenkosten en uren voor hun loopbaancertificering. Ontbrekende CSAT’s kosten uren. "
              "*Investering* = uitgaven + uren × personeelskosten per uur. Elke behaalde autorisatie wordt daarna "
              "jaarlijks verlengd.",
    },
    "method.return": {
        "en": "**Return over the horizon.** Each period of the horizon the extra rebate is potential − estimated: "
              "in the first period only from the subtracks whose gaps can all be closed in time, from the second "
              "period from all of them. Renewals are spread evenly over the periods. The cumulative cash starts "
              "at − investment and each period adds the extra rebate − renewals. *Payback* is when the cumulative "
              "cash reaches 0 (within a period by interpolation; beyond the horizon at the steady gain; none "
              "when nothing is gained). *ROI* = (extra rebate − investment − renewals) ÷ (investment + renewals) "
              "over the horizon. *Net present value* = − investment + the sum of (extra rebate − renewals) ÷ "
              "(1 + i)^t, with i the yearly discount rate converted to the period's length and the cash at the "
              "end of each period.",
        "nl": "**Rendement over de horizon.** Per periode van de horizon is het extra rebate potentieel − geschat: "
              "in de eerste periode alleen van de subtracks waarvan alle tekorten op tijd op te lossen zijn, "
              "vanaf de tweede periode van allemaal. Verlengingen worden gelijk over de perioden verdeeld. De "
              "cumulatieve kasstroom begint bij − investering en telt elke periode extra rebate − verlengingen "
              "op. De *terugverdientijd* is het moment waarop de cumulatieve kasstroom 0 bereikt (binnen een "
              "periode geïnterpoleerd; voorbij de horizon tegen de vaste winst; geen als er niets te winnen is). "
              "*ROI* = (extra rebate − investering − verlengingen) ÷ (investering + verlengingen) over de horizon. "
              "*Netto contante waarde* = − investering + de som van (extra rebate − verlengingen) ÷ (1 + i)^t, "
              "met i de jaarlijkse disconteringsvoet omgerekend naar de lengte van de periode en de kasstroom aan "
              "het eind van elke periode.",
    },
    "method.compare": {
        "en": "**Comparing.** A scenario is the baseline with some inputs changed. *Compare* shows the inputs "
              "that differ, the rebate per subtrack with its eligibility, and the totals with their change "
              "(scenario minus baseline). Each side's investment and net present value are those of closing the "
              "gaps it still has, so a scenario that already holds a specialization shows no cost for it. What a "
              "scenario's own changes are worth is therefore shown apart, valued as a plan on *Recommendations*: "
              "the authorisations, enrolments and CSATs it adds, at the baseline's staff and assumptions, against "
              "its change in the estimated rebate, period 1 counting only what could be in time. The Advisor "
              "shows the same for the inputs on screen against the partner as loaded. An authorisation "
              "dropped saves its renewals; a higher certification level costs nothing, as the rules give it no "
              "cost.",
        "nl": "**Vergelijken.** Een scenario is de uitgangssituatie met gewijzigde invoer. *Vergelijken* toont de "
              "invoer die verschilt, het rebate per subtrack en of het in aanmerking komt, en de totalen met hun "
              "verschil (scenario min uitgangssituatie). Investering en netto contante waarde zijn aan elke kant "
              "die van het sluiten van de tekorten die er nog zijn; een scenario dat een specialisatie al heeft, "
              "toont er dus geen kosten voor. Wat de eigen wijzigingen van een scenario waard zijn, staat daarom "
              "apart, gewaardeerd zoals een plan op *Aanbevelingen*: de autorisaties, inschrijvingen en CSAT’s die "
              "het toevoegt, met het personeel en de aannames van de uitgangssituatie, tegen de verandering in het "
              "geschatte rebate, waarbij periode 1 alleen telt wat op tijd kan. De Adviseur toont hetzelfde voor "
              "de invoer op het scherm tegenover de partner zoals geladen. Een autorisatie die vervalt, bespaart "
              "haar verlengingen; een hoger certificeringsniveau kost niets, want de regels geven het geen "
              "kosten.",
    },
    "method.money": {
        "en": "**Money, dates, language.** The rules are in USD, and so are the inputs. Amounts can be shown in "
              "EUR at the rate you enter (the default comes from the rules file); every amount carries its "
              "currency. Numbers and dates follow the chosen language: USD 57,500 and 25 Jul 2015 in English, "
              "USD 57.500 and 25 jul 2015 in Dutch.",
        "nl": "**Geld, datums, taal.** De regels rekenen in USD, de invoer ook. Bedragen kunnen in EUR worden "
              "getoond tegen de koers die u invult (de standaard komt uit het regelbestand); bij elk bedrag staat "
              "de valuta. Getallen en datums volgen de gekozen taal: USD 57.500 en 25 jul 2015 in het Nederlands, "
              "USD 57,500 en 25 Jul 2015 in het Engels.",
    },
    "method.sources_title": {"en": "Where the figures come from", "nl": "Waar de cijfers vandaan komen"},
    "method.sources_intro": {
        "en": "The sources the rules files name, with how many figures each supports. Everything else is "
              "illustrative: plausible, but made up.",
        "nl": "De bronnen die de regelbestanden noemen, met het aantal cijfers dat elk onderbouwt. Al het andere "
              "is illustratief: aannemelijk, maar verzonnen.",
    },
    "method.sources_edition": {
        "en": "{edition}: {sourced} figures with a source, {illustrative} illustrative",
        "nl": "{edition}: {sourced} cijfers met een bron, {illustrative} illustratief",
    },
    "method.figures": {"en": "{n} figures", "nl": "{n} cijfers"},
    "method.own_title": {"en": "Using the real figures", "nl": "De echte cijfers gebruiken"},
    "method.own_rules": {
        "en": "Copy `rules/vip25.yaml`, put in the figures from the edition rules the partner has from Cisco "
              "(each with its `source`), and keep one file per edition in a folder of your own. Start the app "
              "with `VIP_RULES_DIR` set to that folder, or give the folder to the `vip` command with `--rules`. "
              "A file that cannot be read is reported with its line and what was expected, and the app keeps "
              "the rules it had.",
        "nl": "Kopieer `rules/vip25.yaml`, vul de cijfers in uit de editieregels die de partner van Cisco heeft "
              "(elk met zijn `source`), en bewaar één bestand per editie in een eigen map. Start de app met "
              "`VIP_RULES_DIR` op die map, of geef de map aan het `vip`-commando met `--rules`. Een bestand dat "
              "niet te lezen is, wordt gemeld met de regel en wat er verwacht werd, en de app houdt de regels die "
              "hij had.",
    },
    # --- Recommendations
    "rec.title": {"en": "Recommendations", "nl": "Aanbevelingen"},
    "rec.caption": {
        "en": "{partner}: each plan is worth the net present value of its extra rebate over {n} periods at {rate} "
              "a year, less its investment and renewals.",
        "nl": "{partner}: elk plan is de netto contante waarde van zijn extra rebate over {n} perioden tegen {rate} "
              "per jaar waard, min investering en verlengingen.",
    },
    "rec.no_step": {"en": "Nothing to do: no plan is worth more than leaving things as they are.",
                    "nl": "Niets te doen: geen plan levert meer op dan alles laten zoals het is."},
    "rec.plans": {"en": "The best plans", "nl": "De beste plannen"},
    "rec.plans_caption": {
        "en": "Exact: every combination of actions counts, and a plan holds only actions it needs. What an action "
              "costs is for the action on its own; a plan's investment shares people within the role limits.",
        "nl": "Exact: elke combinatie van acties telt mee, en een plan bevat alleen acties die het nodig heeft. De "
              "kosten bij een actie gelden voor die actie alleen; de investering van een plan deelt mensen binnen de "
              "limieten per rol.",
    },
    "rec.plan": {"en": "Plan {n}", "nl": "Plan {n}"},
    "rec.nothing": {"en": "Change nothing", "nl": "Niets veranderen"},
    "rec.extra": {"en": "Extra rebate per period", "nl": "Extra rebate per periode"},
    "rec.late": {"en": "Counts from the next period: {names}.", "nl": "Telt pas vanaf de volgende periode: {names}."},
    "rec.apply": {"en": "Apply as a what-if", "nl": "Toepassen als what-if"},
    "rec.apply_help": {
        "en": "Saves the partner with this plan done as a scenario on Compare; the what-if on screen stays as it is.",
        "nl": "Bewaart de partner met dit plan uitgevoerd als scenario bij Vergelijken; de what-if op het scherm "
              "blijft zoals hij is.",
    },
    "rec.scenario": {"en": "Plan {n}: {what}", "nl": "Plan {n}: {what}"},
    "rec.break_even": {"en": "Break-even sales", "nl": "Break-even omzet"},
    "rec.break_even_caption": {
        "en": "Per subtrack with a gap: the projected sales at which closing its gaps on its own pays back within "
              "{n} periods, and how far its sales are from its minimum.",
        "nl": "Per subtrack met een tekort: de verwachte omzet waarbij het dichten van zijn tekorten zich binnen {n} "
              "perioden terugverdient, en hoe ver de omzet van het minimum af zit.",
    },
    "rec.be_none": {"en": "No subtrack with sales has a gap.", "nl": "Geen subtrack met omzet heeft een tekort."},
    "rec.be_subtrack": {"en": "Subtrack", "nl": "Subtrack"},
    "rec.be_sales": {"en": "Projected", "nl": "Verwacht"},
    "rec.be_minimum": {"en": "Minimum", "nl": "Minimum"},
    "rec.be_to_minimum": {"en": "To the minimum", "nl": "Tot het minimum"},
    "rec.be_to_go": {"en": "{amount} to go", "nl": "nog {amount}"},
    "rec.be_above": {"en": "{amount} above", "nl": "{amount} erboven"},
    "rec.be_cost": {"en": "Cost to close", "nl": "Kosten om te dichten"},
    "rec.be_even": {"en": "Break-even", "nl": "Break-even"},
    "rec.be_to_even": {"en": "To break-even", "nl": "Tot break-even"},
    "rec.be_next_period": {"en": "counts from the next period", "nl": "telt vanaf de volgende periode"},
    "rec.be_never": {"en": "does not pay back", "nl": "verdient zich niet terug"},
    "rec.be_needs": {"en": "needs {levels}", "nl": "vraagt {levels}"},
    "rec.risk": {"en": "Rebate at risk", "nl": "Rebate in gevaar"},
    "rec.shortfall": {"en": "Sales shortfall on every subtrack", "nl": "Minder omzet op elk subtrack"},
    "rec.shortfall_help": {
        "en": "Every subtrack sells this much less than projected; nothing else changes.",
        "nl": "Elk subtrack verkoopt zoveel minder dan verwacht; verder verandert er niets.",
    },
    "rec.at_shortfall": {"en": "With {x} less sales", "nl": "Met {x} minder omzet"},
    "rec.crossed": {"en": "Below its minimum at this shortfall, and its rebate lost: {names}.",
                    "nl": "Onder het minimum bij dit tekort, en de rebate kwijt: {names}."},
    "rec.none_crossed": {"en": "Every subtrack still meets its minimum at this shortfall.",
                         "nl": "Elk subtrack haalt bij dit tekort nog zijn minimum."},
    "rec.no_cliffs": {"en": "No rebate depends on a minimum yet.", "nl": "Nog geen rebate hangt af van een minimum."},
    "rec.cliff_subtrack": {"en": "Subtrack", "nl": "Subtrack"},
    "rec.cliff_status": {"en": "At this shortfall", "nl": "Bij dit tekort"},
    "rec.cliff_rebate": {"en": "Rebate now", "nl": "Rebate nu"},
    "rec.cliff_at": {"en": "Below its minimum from", "nl": "Onder het minimum vanaf"},
    "rec.cliff_lost": {"en": "Lost at that cliff", "nl": "Verlies bij die drempel"},
    "rec.cliff_alone": {"en": "Total if only it falls short", "nl": "Totaal als alleen dit tekortschiet"},
    "rec.cliff_crossed": {"en": "below minimum", "nl": "onder minimum"},
    "rec.cliff_holds": {"en": "holds", "nl": "houdt stand"},
    "rec.cliff_caption": {
        "en": "The cliff is the shortfall beyond which a subtrack's sales fall below its minimum; what is lost there "
              "includes what its rebate carried of the bonuses. The last column: the total rebate when only that "
              "subtrack sells {x} less.",
        "nl": "De drempel is het tekort waarboven de omzet van een subtrack onder zijn minimum zakt; het verlies daar "
              "omvat ook wat zijn rebate aan bonussen meedroeg. De laatste kolom: de totale rebate als alleen dat "
              "subtrack {x} minder verkoopt.",
    },
    "rec.sensitivity": {"en": "Sensitivity", "nl": "Gevoeligheid"},
    "rec.tornado": {"en": "Change in the total rebate when one subtrack sells {x} less or more",
                    "nl": "Verandering van de totale rebate als één subtrack {x} minder of meer verkoopt"},
    "rec.tornado_low": {"en": "{x} less", "nl": "{x} minder"},
    "rec.tornado_high": {"en": "{x} more", "nl": "{x} meer"},
    "rec.no_swings": {"en": "Selling {x} less or more in any one subtrack changes no rebate now.",
                      "nl": "{x} minder of meer omzet in één subtrack verandert nu geen enkele rebate."},
    "rec.extra_help": {
        "en": "The extra rebate in every period once the plan is done; in period 1 only what can be done in time "
              "counts.",
        "nl": "De extra rebate in elke periode als het plan is uitgevoerd; in periode 1 telt alleen wat op tijd kan.",
    },
    "rec.extra_first": {"en": "period 1: {amount}", "nl": "periode 1: {amount}"},
}


def t(key: str, **values: object) -> str:
    """The text for `key` in the chosen language, with `values` filled in."""
    text = TEXT[key][state.lang()]
    return text.format(**values) if values else text


def fmt() -> Fmt:
    """How figures are shown: the chosen language and currency (EUR at the entered rate)."""
    return Fmt(state.lang(), state.currency(), state.per_usd())


def period_label(period: Period) -> str:
    """A period in the chosen language: "6 months (25 Jan 2015 – 25 Jul 2015)" (the rules' own names are English)."""
    return fmt_usd().period(period)


def fmt_usd() -> Fmt:
    """Figures in USD whatever the display currency: for inputs, which are always in USD."""
    return Fmt(state.lang())
