// toDocumentContent(): the report model in words, tables and a chart, in the
// plain official Swedish of a tjänsteskrivelse, placed under the template names
// the report definition binds. Suppressed counts never appear as numbers: in
// tables as "färre än 5" or "..", in text as "färre än fem" or not at all.
#include <algorithm>
#include <cmath>
#include <optional>

#include "committee_report.h"
#include "national_facts.h"
#include "personal_data_guard.h"
#include "swedish_format.h"

namespace committee_report::core {

namespace {

constexpr const char* kWithheld = "..";

std::string lowerFirst(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

class Writer {
  public:
    Writer(const ReportModel& model, const ReportDefinition& definition)
        : m_(model), d_(definition) {}

    // A table cell: "1 200", "färre än 5", "..".
    [[nodiscard]] std::string cell(const Figure& f) const {
        switch (f.disclosure) {
            case Disclosure::Shown:
                return formatInteger(f.value);
            case Disclosure::Small:
                return "färre än " + std::to_string(m_.threshold);
            case Disclosure::Withheld:
                return kWithheld;
        }
        return kWithheld;
    }

    // "en händelse", "57 händelser", "färre än fem händelser"; nullopt if withheld.
    [[nodiscard]] std::optional<std::string> counted(const Figure& f, const std::string& singular,
                                                     const std::string& plural,
                                                     Gender gender = Gender::Common) const {
        switch (f.disclosure) {
            case Disclosure::Shown:
                return numberInText(f.value, gender) + " " + (f.value == 1 ? singular : plural);
            case Disclosure::Small:
                return "färre än " + numberInText(m_.threshold) + " " + plural;
            case Disclosure::Withheld:
                return std::nullopt;
        }
        return std::nullopt;
    }
    // "12" / "tolv" (with share when both shown) / "färre än fem"; nullopt if withheld.
    [[nodiscard]] std::optional<std::string> part(const Figure& f, const Figure& whole) const {
        switch (f.disclosure) {
            case Disclosure::Shown: {
                std::string text = numberInText(f.value);
                if (whole.shown() && whole.value > 0 && f.value > 0)
                    text += " (" + formatPercent(f.value, whole.value) + ")";
                return text;
            }
            case Disclosure::Small:
                return "färre än " + numberInText(m_.threshold);
            case Disclosure::Withheld:
                return std::nullopt;
        }
        return std::nullopt;
    }

    [[nodiscard]] std::string periodText() const {
        return core::periodText(m_.period.from, m_.period.to);
    }

    // --- sections -------------------------------------------------------------

    [[nodiscard]] std::vector<std::string> summary() const {
        std::vector<std::string> p;
        p.push_back(initiativeSentence() +
                    " Förvaltningen beskriver här vad hot och desinformation mot socialtjänsten "
                    "innebär, vilka hot "
                    "och vilken desinformation som har riktats mot socialtjänsten i " +
                    d_.organisation.municipality + " och hur kommunen arbetar förebyggande.");
        std::string figures = "Under perioden " + periodText() + " ";
        const auto& i = m_.incidents;
        if (i.total.shown() && i.total.value == 0) {
            figures += "registrerades inga händelser av hot eller våld mot medarbetare.";
        } else if (auto total = counted(i.total, "händelse", "händelser", Gender::Common)) {
            figures += "registrerades " + *total + " av hot eller våld mot medarbetare.";
            if (auto linked = part(i.disinformationLinked, i.total))
                figures += " Av dem hade " + *linked + " koppling till desinformation.";
        } else {
            figures += "registrerades händelser av hot eller våld mot medarbetare.";
        }
        const auto& o = m_.observations;
        if (auto total = counted(o.total, "fall", "fall", Gender::Neuter)) {
            figures += " Förvaltningen noterade " + *total + " av desinformation";
            if (auto local = part(o.localLink, o.total); local && o.total.value > 0)
                figures += ", och " + *local + " av dem nämnde kommunen eller dess medarbetare";
            figures += ".";
        }
        p.push_back(figures);
        p.push_back(measuresSentence());
        return p;
    }

    // "Fyra ledamöter i socialnämnden (S och V) lämnade den 5 februari 2024 ett
    // initiativärende. De bad förvaltningen …". With fullParties, the parties'
    // names instead of their abbreviations.
    [[nodiscard]] std::string initiativeSentence(bool fullParties = false) const {
        const auto& b = m_.background;
        std::string who = b.initiators > 0 ? capitalized(numberInText(b.initiators)) +
                                                 (b.initiators == 1 ? " ledamot" : " ledamöter")
                                           : "Ledamöter";
        who += " i " + lowerFirst(d_.organisation.committee);
        if (!b.parties.empty() && !fullParties) who += " (" + joinedList(b.parties) + ")";
        if (!b.parties.empty() && fullParties) {
            std::vector<std::string> names;
            for (const auto& party : b.parties) {
                auto it = d_.background.parties.find(party);
                names.push_back(
                    it == d_.background.parties.end() ? party : it->second + " (" + party + ")");
            }
            who += ", för " + joinedList(names) + ",";
        }
        std::string sentence = who + " lämnade";
        if (b.received) sentence += " den " + longDate(*b.received);
        sentence +=
            " ett initiativärende. " + std::string(b.initiators == 1 ? "Hen" : "De") +
            " bad förvaltningen att informera nämnden om hot och desinformation mot socialtjänsten "
            "och om kommunens förebyggande arbete.";
        return sentence;
    }

    [[nodiscard]] std::vector<std::string> backgroundParagraphs() const {
        const auto& b = m_.background;
        std::vector<std::string> p;
        p.push_back(initiativeSentence(true));
        for (const auto& decision : b.decisions) {
            // "Den 7 februari 2024 (§ 22) bordlade socialnämnden ärendet." The phrase's
            // first word is the verb, which comes before the subject after a time.
            const auto space = decision.phrase.find(' ');
            const auto verb = decision.phrase.substr(0, space);
            const auto rest =
                space == std::string::npos ? std::string() : decision.phrase.substr(space);
            std::string text;
            if (decision.date) {
                text = "Den " + longDate(*decision.date);
                if (decision.paragraph) text += " (§ " + std::to_string(*decision.paragraph) + ")";
                text += " " + verb + " " + lowerFirst(d_.organisation.committee) + rest;
            } else {
                text = d_.organisation.committee + " " + decision.phrase;
                if (decision.paragraph) text += " (§ " + std::to_string(*decision.paragraph) + ")";
            }
            p.push_back(text + ".");
        }
        if (b.deadline || !d_.background.questions.empty()) {
            std::string ask = "Förvaltningen ska informera nämnden";
            if (b.deadline) ask += " senast den " + longDate(*b.deadline);
            p.push_back(ask + (d_.background.questions.empty() ? "." : " om"));
        }
        for (const auto& question : d_.background.questions) p.push_back(question);
        p.push_back(
            "Uppgifterna om hot och våld, desinformation och förebyggande åtgärder kommer från "
            "kommunens "
            "diarium och gäller perioden " +
            periodText() +
            ". En händelse räknas efter det datum då den inträffade, inte efter när den "
            "registrerades. "
            "Alla ärenden räknas, även de som omfattas av sekretess, men inget enskilt ärende "
            "beskrivs.");
        p.push_back(methodText());
        return p;
    }

    // How small numbers are handled, group by group as the report definition sets it.
    [[nodiscard]] std::string methodText() const {
        std::vector<std::string> persons, organisation;
        auto sort = [&](Concerns concerns, const char* name) {
            (concerns == Concerns::Persons ? persons : organisation).push_back(name);
        };
        sort(d_.incidents.concerns, "hot och våld");
        sort(d_.observations.concerns, "desinformation");
        sort(d_.measures.concerns, "förebyggande åtgärder");
        std::string text;
        if (!persons.empty())
            text += "Små antal kan peka ut enskilda personer. Uppgifterna om " +
                    joinedList(persons) + " rör personer. Antal mellan ett och " +
                    numberInText(m_.threshold - 1) + " redovisas därför som ”färre än " +
                    std::to_string(m_.threshold) +
                    "”. Där ett sådant antal skulle kunna räknas fram eller ringas in med hjälp av "
                    "andra uppgifter i skrivelsen, till exempel summor, andra tabeller eller "
                    "förteckningar, redovisas även andra uppgifter som ”..”.";
        if (!organisation.empty())
            text += std::string(text.empty() ? "" : " ") + "Uppgifterna om " +
                    joinedList(organisation) +
                    " beskriver förvaltningens eget arbete och inte enskilda personer. De "
                    "redovisas därför exakt, och förteckningarna stämmer med tabellerna.";
        return text;
    }

    [[nodiscard]] std::vector<std::string> incidentParagraphs() const {
        const auto& i = m_.incidents;
        std::vector<std::string> p;
        if (i.total.shown() && i.total.value == 0) {
            p.push_back("Under perioden " + periodText() +
                        " registrerades inga händelser av hot eller våld mot medarbetare i "
                        "socialtjänsten.");
        } else {
            std::string text = "Under perioden " + periodText() + " registrerades ";
            text += counted(i.total, "händelse", "händelser").value_or("ett antal händelser");
            text += " där medarbetare i socialtjänsten utsattes för hot eller våld.";
            // "Av händelserna hade 42 (18 %) koppling till desinformation, och 57 (24 %)
            // polisanmäldes." A sentence never starts with a figure.
            const auto linked = part(i.disinformationLinked, i.total);
            const auto police = part(i.policeReported, i.total);
            if (linked && police)
                text += " Av händelserna hade " + *linked + " koppling till desinformation, och " +
                        *police + " polisanmäldes.";
            else if (linked)
                text += " Av händelserna hade " + *linked + " koppling till desinformation.";
            else if (police)
                text += " Av händelserna polisanmäldes " + *police + ".";
            p.push_back(text);
            if (auto peak = peakQuarter())
                p.push_back("Flest händelser inträffade under " + *peak + ".");
            if (auto common = mostCommon(i.byCategory))
                p.push_back("Den vanligaste typen av händelse var " + lowerFirst(common->label) +
                            " (" + formatInteger(common->cells[0].value) + ").");
        }
        if (i.withoutEventDate > 0)
            p.push_back("Därutöver finns " + numberInText(i.withoutEventDate, Gender::Neuter) +
                        (i.withoutEventDate == 1 ? " ärende utan datum för händelsen. Det ingår"
                                                 : " ärenden utan datum för händelsen. De ingår") +
                        " inte i redovisningen.");
        return p;
    }

    [[nodiscard]] std::vector<std::string> observationParagraphs() const {
        const auto& o = m_.observations;
        std::vector<std::string> p;
        if (o.total.shown() && o.total.value == 0) {
            p.push_back("Under perioden " + periodText() +
                        " noterade förvaltningen inga fall av desinformation.");
        } else {
            std::string text =
                "Under perioden " + periodText() + " noterade förvaltningen " +
                counted(o.total, "fall", "fall", Gender::Neuter).value_or("ett antal fall") +
                " av desinformation om socialtjänsten, till exempel inlägg, filmer eller "
                "kampanjer.";
            if (auto local = part(o.localLink, o.total))
                text += " Av dessa nämnde " + *local + " kommunen eller dess medarbetare.";
            p.push_back(text);
            auto platform = mostCommon(o.byPlatform);
            auto language = mostCommon(o.byLanguage);
            if (platform && language)
                p.push_back("Flest fall sågs på " + platform->label +
                            ", och det vanligaste språket var " + lowerFirst(language->label) +
                            ".");
            if (auto narrative = mostCommon(o.byNarrative))
                p.push_back("Det vanligaste budskapet var ”" + lowerFirst(narrative->label) + "”.");
        }
        const std::string which = d_.observations.timelineLocalOnly ? " som nämnde kommunen" : "";
        if (o.timelineWithheld)
            p.push_back("Tidslinjen över fall med " + d_.observations.timelineReachText + which +
                        " visas inte, eftersom den tillsammans med tabellerna skulle kunna peka ut "
                        "enskilda personer.");
        else if (o.timeline.empty())
            p.push_back("Inget fall med " + d_.observations.timelineReachText + which +
                        " noterades under perioden.");
        else
            p.push_back(
                "Tidslinjen visar de fall med " + d_.observations.timelineReachText + which +
                ", i den ordning de först sågs. Fall som omfattas av sekretess visas inte.");
        if (o.withoutFirstSeen > 0)
            p.push_back("Därutöver finns " + numberInText(o.withoutFirstSeen, Gender::Neuter) +
                        (o.withoutFirstSeen == 1
                             ? " ärende utan datum då desinformationen först sågs. Det ingår"
                             : " ärenden utan datum då desinformationen först sågs. De ingår") +
                        " inte i redovisningen.");
        return p;
    }

    [[nodiscard]] std::string measuresSentence() const {
        const auto& s = m_.measures.byStatus;
        auto at = [&](size_t row) { return row < s.rows.size() ? s.rows[row].cells[0] : Figure{}; };
        const auto done = at(0), ongoing = at(1), planned = at(2);
        std::string text = "Under perioden ";
        if (done.shown() && done.value == 0)
            text += "genomfördes inga förebyggande åtgärder.";
        else
            text += "genomfördes " +
                    counted(done, "förebyggande åtgärd", "förebyggande åtgärder")
                        .value_or("förebyggande åtgärder") +
                    ".";
        // "Dessutom pågår sex åtgärder och två är planerade." Both or neither:
        // a sentence that names only one of them reads as if the other were none.
        const auto o = counted(ongoing, "åtgärd", "åtgärder");
        const auto pl = counted(planned, "åtgärd", "åtgärder");
        const bool noOngoing = ongoing.shown() && ongoing.value == 0;
        const bool noPlanned = planned.shown() && planned.value == 0;
        if (!o || !pl) {
            if (!(noOngoing && noPlanned))
                text +=
                    " Hur många åtgärder som pågår eller är planerade framgår av tabellen "
                    "över åtgärder per perspektiv.";
        } else if (!noOngoing && !noPlanned) {
            text += " Dessutom pågår " + *o + ", och " + *pl +
                    (planned.value == 1 ? " är planerad." : " är planerade.");
        } else if (!noOngoing) {
            text += " Dessutom pågår " + *o + ". Inga åtgärder är planerade.";
        } else if (!noPlanned) {
            text += " Dessutom är " + *pl + (planned.value == 1 ? " planerad." : " planerade.") +
                    " Inga åtgärder pågår.";
        }
        const auto& m = m_.measures;
        if (auto meetings =
                counted(m.meetingsHeld, "informationsmöte", "informationsmöten", Gender::Neuter);
            meetings && m.meetingsHeld.value > 0)
            text += " Vid " + *meetings + " nåddes sammanlagt " + numberInText(m.participants) +
                    (m.participants == 1 ? " person." : " personer.");
        return text;
    }

    [[nodiscard]] std::vector<std::string> measureParagraphs() const {
        const auto& m = m_.measures;
        std::vector<std::string> p;
        p.push_back(
            "Förvaltningen arbetar förebyggande både för medarbetarnas arbetsmiljö och i "
            "samhället, "
            "till exempel med riskbedömningar, utbildning och information till kommuninvånare.");
        p.push_back(measuresSentence());
        std::vector<std::string> perspectives;
        for (const auto& row : m.byPerspective.rows) {
            if (row.key == "OVRIGT" || row.key == "UPPGIFT_SAKNAS") continue;
            auto text = part(row.cells.back(), Figure{});
            if (text) perspectives.push_back(*text + " till perspektivet " + lowerFirst(row.label));
        }
        if (!perspectives.empty() && !(m.total.shown() && m.total.value == 0))
            p.push_back("Av åtgärderna hör " + joinedList(perspectives) + ".");
        if (m.meetingsHeld.shown() && m.meetingsHeld.value == 0)
            p.push_back("Under perioden hölls inga informationsmöten.");
        if (!m.planned.empty())
            p.push_back(
                "Tabellen över pågående och planerade åtgärder visar varje åtgärd med ansvarig "
                "enhet och det datum då den registrerades.");
        if (m.confidentialNotListed > 0)
            p.push_back(
                "Därutöver pågår eller planeras " + numberInText(m.confidentialNotListed) +
                (m.confidentialNotListed == 1 ? " åtgärd som omfattas" : " åtgärder som omfattas") +
                " av sekretess. De ingår i tabellerna men visas inte i förteckningen.");
        if (m.plannedWithheld)
            p.push_back(
                "Förteckningen över pågående och planerade åtgärder visas inte, eftersom den "
                "tillsammans med tabellerna skulle kunna peka ut enskilda personer.");
        return p;
    }

    [[nodiscard]] std::vector<std::string> basis() const {
        std::string reportLabel = "Tjänsteskrivelse daterad";
        for (const auto& type : d_.background.reportDocumentTypes)
            if (auto it = d_.background.documentTypeLabels.find(type);
                it != d_.background.documentTypeLabels.end()) {
                reportLabel = it->second;
                break;
            }
        std::vector<std::string> lines{reportLabel + " " + m_.reportDate.iso()};
        for (const auto& reference : m_.background.basis) {
            std::string line = reference.kind;
            if (reference.date) line += " " + reference.date->iso();
            if (reference.paragraph) line += " § " + std::to_string(*reference.paragraph);
            lines.push_back(line);
        }
        return lines;
    }

    // --- tables and chart -----------------------------------------------------

    [[nodiscard]] std::optional<TableContent> table(const TableBinding& binding) const {
        const auto& id = binding.content;
        const auto& i = m_.incidents;
        const auto& o = m_.observations;
        const auto& m = m_.measures;
        if (id == "incidents.byQuarter") return counts(i.byQuarter, binding.totalsRow, false);
        if (id == "incidents.byCategory") return counts(i.byCategory, binding.totalsRow, true);
        if (id == "incidents.byChannel") return counts(i.byChannel, binding.totalsRow, true);
        if (id == "incidents.byArea") return counts(i.byArea, binding.totalsRow, true);
        if (id == "observations.byPlatform") return counts(o.byPlatform, binding.totalsRow, false);
        if (id == "observations.byLanguage") return counts(o.byLanguage, binding.totalsRow, false);
        if (id == "observations.byNarrative")
            return counts(o.byNarrative, binding.totalsRow, false);
        if (id == "measures.byPerspective")
            return counts(m.byPerspective, binding.totalsRow, false);
        if (id == "measures.byType") return counts(m.byType, binding.totalsRow, false);
        if (id == "measures.byStatus") return counts(m.byStatus, binding.totalsRow, true);
        if (id == "observations.timeline") {
            TableContent t;
            for (const auto& item : o.timeline) {
                if (static_cast<int>(t.rows.size()) == d_.maxListRows) break;
                t.rows.push_back(
                    {item.firstSeen.iso(), item.platform, item.reach, item.narrative, item.action});
            }
            appendRemainder(t, o.timeline.size(), "fall", "fall");
            if (t.rows.empty()) t.rows.push_back({"Inga under perioden", "–", "–", "–", "–"});
            return t;
        }
        if (id == "measures.planned") {
            TableContent t;
            for (const auto& measure : m.planned) {
                if (static_cast<int>(t.rows.size()) == d_.maxListRows) break;
                t.rows.push_back({measure.type, measure.perspective, measure.responsibleUnit,
                                  measure.status, measure.registered.iso()});
            }
            appendRemainder(t, m.planned.size(), "åtgärd", "åtgärder");
            if (t.rows.empty()) t.rows.push_back({"Inga planerade åtgärder", "–", "–", "–", "–"});
            return t;
        }
        return std::nullopt;
    }

    // "Ytterligare 287 fall" as the last row of a list cut at maxListRows.
    void appendRemainder(TableContent& t, size_t total, const char* one, const char* many) const {
        if (total <= t.rows.size()) return;
        std::vector<std::string> row(t.rows.front().size(), "–");
        const auto more = total - t.rows.size();
        row[0] = "Ytterligare " + formatInteger(static_cast<long long>(more)) + " " +
                 (more == 1 ? one : many) + " (se diariet)";
        t.rows.push_back(std::move(row));
    }

    [[nodiscard]] std::optional<ChartContent> chart(const std::string& id) const {
        if (id != "incidents.byQuarter") return std::nullopt;
        const auto& b = m_.incidents.byQuarter;
        ChartContent chart;
        // Where a quarter's split is withheld but its total is shown (table 1 shows it
        // too), the whole bar is drawn as "Ej uppdelat": the chart reveals nothing the
        // table does not, and no quarter falsely drops to zero.
        chart.seriesNames = {"Kopplade till desinformation", "Övriga", "Ej uppdelat"};
        bool gaps = false;
        for (const auto& row : b.rows) {
            chart.categories.push_back(row.label);
            const auto& linked = row.cells[0];
            const auto& other = row.cells[1];
            const auto& total = row.cells.back();
            if (linked.shown() && other.shown()) {
                chart.values.push_back(
                    {static_cast<double>(linked.value), static_cast<double>(other.value), 0.0});
            } else {
                gaps = gaps || !total.shown();
                chart.values.push_back(
                    {0.0, 0.0, total.shown() ? static_cast<double>(total.value) : 0.0});
            }
        }
        std::string alt =
            "Stapeldiagram över antalet händelser av hot och våld mot medarbetare per kvartal";
        if (!b.rows.empty())
            alt += " från " + b.rows.front().label + " till " + b.rows.back().label;
        alt += ", uppdelat på händelser med och utan koppling till desinformation.";
        if (auto peak = peakQuarter()) alt += " Flest händelser inträffade under " + *peak + ".";
        // The totals per quarter are shown in table 1, so the description may give them.
        std::vector<std::string> totals;
        for (const auto& row : b.rows) totals.push_back(row.label + ": " + cell(row.cells.back()));
        if (!totals.empty()) alt += " Antal händelser per kvartal: " + joinedList(totals) + ".";
        if (gaps)
            alt += " Kvartal med färre än " + numberInText(m_.threshold) +
                   " händelser visas som 0. Tabell 1 visar hur det är redovisat.";
        alt +=
            " Där uppdelningen utelämnas för att skydda enskilda visas kvartalets hela antal som "
            "\"Ej uppdelat\".";
        chart.altText = alt;
        return chart;
    }

    // The quarter with most incidents among those shown: "första kvartalet 2023 (14 händelser)".
    [[nodiscard]] std::optional<std::string> peakQuarter() const {
        static const char* const kOrdinal[] = {"första", "andra", "tredje", "fjärde"};
        const BreakdownRow* best = nullptr;
        for (const auto& row : m_.incidents.byQuarter.rows) {
            const auto& total = row.cells.back();
            if (total.shown() && total.value > 0 &&
                (!best || total.value > best->cells.back().value))
                best = &row;
        }
        if (!best) return std::nullopt;
        const int year = std::stoi(best->key.substr(0, 4));
        const int quarter = best->key.back() - '0';
        return std::string(kOrdinal[quarter - 1]) + " kvartalet " + std::to_string(year) + " (" +
               formatInteger(best->cells.back().value) + ")";
    }

  private:
    // The row with the largest shown first column, if it is shown and unique.
    [[nodiscard]] static std::optional<BreakdownRow> mostCommon(const Breakdown& b) {
        const BreakdownRow* best = nullptr;
        bool tie = false;
        for (const auto& row : b.rows) {
            if (row.key == "OVRIGT" || row.key == "UPPGIFT_SAKNAS") continue;
            const auto& f = row.cells[0];
            if (!f.shown() || f.value == 0) continue;
            if (!best || f.value > best->cells[0].value) {
                best = &row;
                tie = false;
            } else if (f.value == best->cells[0].value) {
                tie = true;
            }
        }
        if (!best || tie) return std::nullopt;
        return *best;
    }

    [[nodiscard]] TableContent counts(const Breakdown& b, bool totalsRow, bool withShare) const {
        TableContent t;
        const Figure whole = b.totals ? b.totals->cells[0] : Figure{};
        auto render = [&](const BreakdownRow& row, bool isTotal) {
            std::vector<std::string> cells{row.label};
            for (const auto& f : row.cells) cells.push_back(cell(f));
            if (withShare) {
                const auto& f = row.cells[0];
                if (isTotal)
                    cells.push_back(whole.shown() && whole.value > 0 ? formatPercent(100, 100)
                                                                     : kWithheld);
                else if (f.shown() && whole.shown())
                    cells.push_back(formatPercent(f.value, whole.value));
                else
                    cells.push_back(kWithheld);
            }
            t.rows.push_back(std::move(cells));
        };
        for (const auto& row : b.rows) render(row, false);
        if (totalsRow && b.totals) render(*b.totals, true);
        return t;
    }

    const ReportModel& m_;
    const ReportDefinition& d_;
};

}  // namespace

DocumentContent toDocumentContent(const ReportModel& model, const ReportDefinition& definition) {
    const Writer w(model, definition);
    const auto& org = definition.organisation;
    const std::map<std::string, std::string> fields{
        {"municipality", org.municipality},   {"administration", org.administration},
        {"date", model.reportDate.iso()},     {"dnr", model.dnr},
        {"officer.name", model.officer.name}, {"officer.title", model.officer.title},
        {"officer.unit", model.officer.unit}, {"officer.email", model.officer.email},
        {"recipient", org.committee},         {"title", model.title},
        {"period", w.periodText()},           {"head.name", org.headName},
        {"head.title", org.headTitle},
    };
    DocumentContent content;
    for (const auto& [field, source] : definition.output.fields) {
        auto it = fields.find(source);
        if (it == fields.end())
            throw ReportError("Rapportdefinitionen binder fältet " + field +
                              " till det okända innehållet " + source + ".");
        content.fields[field] = it->second;
    }
    const auto facts = factsForReport(definition.facts, model.reportDate);
    for (const auto& [section, source] : definition.output.blocks) {
        BlockContent block;
        if (source == "facts.sources") {
            block.paragraphs = facts.sources;
        } else if (source.rfind("facts.", 0) == 0) {
            const auto topic = source.substr(6);
            auto it = facts.paragraphsByTopic.find(topic);
            if (std::find(definition.facts.topics.begin(), definition.facts.topics.end(), topic) ==
                definition.facts.topics.end())
                throw ReportError("Rapportdefinitionen binder avsnittet " + section +
                                  " till ämnet " + topic + ", som inte finns i faktafilen.");
            if (it != facts.paragraphsByTopic.end()) block.paragraphs = it->second;
            // A section is never left empty (an empty one would print a bare heading).
            if (block.paragraphs.empty())
                block.paragraphs.push_back(
                    "Förvaltningen har inga uppgifter med källa att redovisa här per " +
                    longDate(model.reportDate) + ".");
        } else if (source == "proposals")
            block.paragraphs = definition.decisionProposals;
        else if (source == "summary")
            block.paragraphs = w.summary();
        else if (source == "background")
            block.paragraphs = w.backgroundParagraphs();
        else if (source == "incidents")
            block.paragraphs = w.incidentParagraphs();
        else if (source == "observations")
            block.paragraphs = w.observationParagraphs();
        else if (source == "measures")
            block.paragraphs = w.measureParagraphs();
        else if (source == "basis")
            block.paragraphs = w.basis();
        else if (source == "recipients")
            block.paragraphs = definition.recipients;
        else
            throw ReportError("Rapportdefinitionen binder avsnittet " + section +
                              " till det okända innehållet " + source + ".");
        content.blocks[section] = std::move(block);
    }
    for (const auto& [name, binding] : definition.output.tables) {
        auto table = w.table(binding);
        if (!table)
            throw ReportError("Rapportdefinitionen binder tabellen " + name +
                              " till det okända innehållet " + binding.content + ".");
        content.tables[name] = std::move(*table);
    }
    for (const auto& [name, source] : definition.output.charts) {
        auto chart = w.chart(source);
        if (!chart)
            throw ReportError("Rapportdefinitionen binder diagrammet " + name +
                              " till det okända innehållet " + source + ".");
        content.charts[name] = std::move(*chart);
    }
    content.properties.title = model.title;
    content.properties.subject = model.dnr;
    content.properties.author = org.authorUnit.empty() ? org.administration : org.authorUnit;
    content.properties.keywords = definition.keywords;
    verifyNoPersonalData(content, model.screen);
    return content;
}

}  // namespace committee_report::core
