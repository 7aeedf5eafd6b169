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

// "”telefon” och ”vid möte”"
std::string quotedList(const std::vector<std::string>& items) {
    std::vector<std::string> quoted;
    for (const auto& item : items) quoted.push_back("”" + item + "”");
    return joinedList(quoted);
}

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
        p.push_back(measuresSummary());
        return p;
    }

    // The summary's sentence on measures: what part 3 says, in one sentence.
    // "Förvaltningen genomförde 55 förebyggande åtgärder under perioden, och åtta pågår
    // eller är planerade."
    [[nodiscard]] std::string measuresSummary() const {
        const auto& s = m_.measures.byStatus;
        auto at = [&](size_t row) { return row < s.rows.size() ? s.rows[row].cells[0] : Figure{}; };
        const auto done = at(0), ongoing = at(1), planned = at(2);
        std::string text;
        if (done.shown() && done.value == 0)
            text = "Förvaltningen genomförde inga förebyggande åtgärder under perioden";
        else
            text = "Förvaltningen genomförde " +
                   counted(done, "förebyggande åtgärd", "förebyggande åtgärder")
                       .value_or("förebyggande åtgärder") +
                   " under perioden";
        if (ongoing.shown() && planned.shown()) {
            const long long more = ongoing.value + planned.value;
            if (more == 1)
                text += ongoing.value == 1 ? ", och ytterligare en pågår"
                                           : ", och ytterligare en är planerad";
            else if (more > 1)
                text += ", och ytterligare " + numberInText(more) + " pågår eller är planerade";
        }
        return text + ".";
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
        // The deadline and the questions go with the decision that gave the assignment when
        // the registry holds one; otherwise they are said to be the initiative's request.
        const CommitteeDecision* assignment = nullptr;
        for (const auto& decision : b.decisions)
            if (decision.assignment) assignment = &decision;
        const bool asks = b.deadline || !d_.background.questions.empty();
        auto asked = [&](std::string text) {
            if (b.deadline) text += " senast den " + longDate(*b.deadline);
            return text + (d_.background.questions.empty() ? "." : " om");
        };
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
            p.push_back(&decision == assignment && asks ? asked(text) : text + ".");
        }
        if (asks && !assignment)
            p.push_back(asked(b.decisions.empty() ? "Förvaltningen ska informera nämnden"
                                                  : "Enligt initiativet ska förvaltningen "
                                                    "informera nämnden"));
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
        sort(d_.incidents.concerns, "om hot och våld");
        sort(d_.observations.concerns, "om desinformation");
        sort(d_.measures.concerns, "om förebyggande åtgärder");
        std::string text;
        if (!persons.empty())
            text += "Små antal kan peka ut enskilda personer. Uppgifterna " + joinedList(persons) +
                    " rör personer. Antal mellan ett och " + numberInText(m_.threshold - 1) +
                    " redovisas därför som ”färre än " + std::to_string(m_.threshold) +
                    "”. Där ett sådant antal skulle kunna räknas fram eller ringas in med hjälp av "
                    "andra uppgifter i skrivelsen, till exempel summor, andra tabeller eller "
                    "förteckningar, redovisas även andra uppgifter som ”..”.";
        if (!organisation.empty())
            text += std::string(text.empty() ? "" : " ") + "Uppgifterna " +
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
            if (i.withoutEventDate > 0)
                p.push_back(
                    withoutDate(i.withoutEventDate, d_.incidents.concerns, "datum för händelsen"));
            if (auto peak = peakQuarter())
                p.push_back("Flest händelser inträffade under " + *peak + ".");
            if (auto common = mostCommon(i.byCategory))
                p.push_back("Den vanligaste typen av händelse var " + lowerFirst(common->label) +
                            " (" + formatInteger(common->cells[0].value) + ").");
        }
        // Shares rounded to whole per cent need not add up to 100: say so where they do not.
        bool roundingShows = false;
        for (const auto* b : {&i.byCategory, &i.byChannel, &i.byArea}) {
            if (!b->totals || !b->totals->cells[0].shown() || b->totals->cells[0].value == 0)
                continue;
            long long sum = 0;
            bool allShown = true;
            for (const auto& row : b->rows) {
                allShown = allShown && row.cells[0].shown();
                sum += std::llround(100.0 * static_cast<double>(row.cells[0].value) /
                                    static_cast<double>(b->totals->cells[0].value));
            }
            roundingShows = roundingShows || (allShown && sum != 100);
        }
        if (roundingShows)
            p.push_back(
                "Andelarna i tabellerna är avrundade till hela procent. Därför blir "
                "summan av andelarna i någon tabell inte exakt 100 procent.");
        if (chartOmitted() && !(i.total.shown() && i.total.value == 0))
            p.push_back("Något diagram över händelserna per " + periodUnitWord() +
                        " visas inte. Antalen per " + periodUnitWord() +
                        " är så små att de bara kan redovisas som ”färre än " +
                        std::to_string(m_.threshold) +
                        "” eller ”..”, och ett diagram skulle då inte visa något. Tabellen nedan "
                        "visar det som kan redovisas.");
        return p;
    }

    // "Därutöver finns tre ärenden där datum för händelsen saknas. De ingår inte i
    // redovisningen." A count of 1–4 in a group about persons reads "färre än fem".
    [[nodiscard]] std::string withoutDate(long long count, Concerns concerns,
                                          const std::string& what) const {
        const bool small = concerns == Concerns::Persons && count < m_.threshold;
        const std::string number =
            small ? "färre än " + numberInText(m_.threshold) : numberInText(count, Gender::Neuter);
        const bool one = count == 1 && !small;
        return "Därutöver finns " + number + (one ? " ärende där " : " ärenden där ") + what +
               " saknas. " + (one ? "Det" : "De") + " ingår inte i redovisningen.";
    }

    [[nodiscard]] std::string periodUnitWord() const {
        const auto unit = m_.incidents.periodUnit;
        return unit == PeriodUnit::Quarter    ? "kvartal"
               : unit == PeriodUnit::HalfYear ? "halvår"
                                              : "år";
    }

    // The chart is left out when it would show nothing: no period's total can be shown
    // (all "färre än 5" or ".."), or most of them cannot, so most bars would be drawn as 0.
    [[nodiscard]] bool chartOmitted() const {
        const auto& rows = m_.incidents.byQuarter.rows;
        std::size_t shown = 0;
        bool drawn = false;
        for (const auto& row : rows) {
            const auto& total = row.cells.back();
            if (!total.shown()) continue;
            ++shown;
            drawn = drawn || total.value > 0;
        }
        return rows.empty() || !drawn || shown * 2 < rows.size();
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
            if (o.withoutFirstSeen > 0)
                p.push_back(withoutDate(o.withoutFirstSeen, d_.observations.concerns,
                                        "datum då desinformationen först sågs"));
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
            p.push_back("Förteckningen över fall" + which + " med " +
                        d_.observations.timelineReachText +
                        " visas inte, eftersom den tillsammans med tabellerna skulle kunna peka ut "
                        "enskilda personer.");
        else if (o.timeline.empty())
            p.push_back("Inget fall" + which + " med " + d_.observations.timelineReachText +
                        " noterades under perioden.");
        else
            p.push_back("Tabellen över desinformation med stor räckvidd visar " +
                        std::string(o.timeline.size() == 1 ? "det fall" : "de fall") + " med " +
                        d_.observations.timelineReachText + which +
                        (o.timeline.size() == 1 ? "." : ", i den ordning de först sågs.") +
                        " Fall som omfattas av sekretess visas inte." +
                        (std::any_of(o.timeline.begin(), o.timeline.end(),
                                     [](const TimelineItem& item) {
                                         return item.platform == kWithheld ||
                                                item.narrative == kWithheld;
                                     })
                             ? " Där plattformen eller budskapet skulle kunna peka ut enskilda "
                               "står ”..”."
                             : ""));
        for (auto& line : campaignConclusion()) p.push_back(std::move(line));
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
            meetings && m.meetingsHeld.shown() && m.meetingsHeld.value > 0)
            text += " Vid " + *meetings + " nåddes sammanlagt " + numberInText(m.participants) +
                    (m.participants == 1 ? " person." : " personer.");
        return text;
    }

    [[nodiscard]] std::vector<std::string> measureParagraphs() const {
        const auto& m = m_.measures;
        std::vector<std::string> p;
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
        for (auto& line : measuresAgainstThreats()) p.push_back(std::move(line));
        // The list of ongoing and planned measures: what it shows, and what it leaves out.
        // "Därutöver" only follows a sentence about a list that is there.
        if (m.plannedWithheld) {
            p.push_back(
                "Förteckningen över pågående och planerade åtgärder visas inte, eftersom den "
                "tillsammans med tabellerna skulle kunna peka ut enskilda personer. Tabellerna "
                "visar hur många åtgärder som pågår eller är planerade.");
        } else if (!m.planned.empty()) {
            std::string list(m.planned.size() == 1
                                 ? "Förteckningen över pågående och planerade åtgärder visar "
                                   "åtgärden med ansvarig enhet och det datum då den registrerades."
                                 : "Förteckningen över pågående och planerade åtgärder visar "
                                   "varje åtgärd med ansvarig enhet och det datum då den "
                                   "registrerades.");
            // With the list, the number left out is part of what the disclosure control and
            // the publication audit check (listed + confidential = ongoing + planned).
            if (const auto n = m.confidentialNotListed; n > 0)
                list += " Därutöver pågår eller planeras " + numberInText(n) +
                        (n == 1 ? " åtgärd som omfattas av sekretess. Den ingår"
                                : " åtgärder som omfattas av sekretess. De ingår") +
                        " i tabellerna men visas inte i förteckningen.";
            p.push_back(list);
        } else if (m.confidentialNotListed > 0) {
            // Nothing listed: the text gives no number, which nothing else would check.
            p.push_back(
                "De åtgärder som pågår eller är planerade omfattas av sekretess. De ingår i "
                "tabellerna men visas inte i förteckningen.");
        }
        return p;
    }

    // --- conclusions and draft text for the official to confirm ---------------

    // The national campaign began in January 2022 (fact file, topic kampanjen, MPF): items
    // seen in its first half-year are said to be from its first months, nothing more.
    static bool earlyInCampaign(const Date& date) { return date.year == 2022 && date.month <= 6; }
    static constexpr const char* kEarly =
        ", alltså under de första månaderna av kampanjen, som började i januari 2022.";

    // Part 2's conclusion: was the municipality itself a target, when, and how it went on.
    [[nodiscard]] std::vector<std::string> campaignConclusion() const {
        static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                              "maj",       "juni",     "juli",     "augusti",
                                              "september", "oktober",  "november", "december"};
        const auto& o = m_.observations;
        std::vector<std::string> p;
        const bool noneLocal = o.localLink.shown() && o.localLink.value == 0;
        if (noneLocal) {
            p.push_back("Förvaltningens slutsats är att kampanjen inte riktades särskilt mot " +
                        d_.organisation.municipality +
                        ": inget av de noterade fallen nämnde kommunen eller dess medarbetare.");
            return p;
        }
        if (o.localLink.disclosure == Disclosure::Withheld) return p;
        std::string text =
            "Förvaltningens slutsats är att kampanjen också riktades mot "
            "socialtjänsten i " +
            d_.organisation.municipality + ".";
        // The two calendar months with most listed items of high reach.
        const auto& items = o.timeline;
        if (items.size() >= 2) {
            size_t bestCount = 0;
            Date bestStart{};
            for (const auto& start : items) {
                const Date from{start.firstSeen.year, start.firstSeen.month, 1};
                const Date to = start.firstSeen.month == 12
                                    ? Date{start.firstSeen.year + 1, 1, 31}
                                    : Date{start.firstSeen.year, start.firstSeen.month + 1, 28};
                size_t count = 0;
                for (const auto& item : items)
                    if (item.firstSeen >= from &&
                        (item.firstSeen.year < to.year ||
                         (item.firstSeen.year == to.year && item.firstSeen.month <= to.month)))
                        ++count;
                if (count > bestCount) {
                    bestCount = count;
                    bestStart = from;
                }
            }
            if (bestCount * 2 > items.size()) {
                const int nextMonth = bestStart.month % 12 + 1;
                const int nextYear = bestStart.month == 12 ? bestStart.year + 1 : bestStart.year;
                text += " Av de " +
                        numberInText(static_cast<long long>(items.size()), Gender::Neuter) +
                        " fallen med " + d_.observations.timelineReachText + " sågs " +
                        numberInText(static_cast<long long>(bestCount), Gender::Neuter) +
                        " under " + kMonths[bestStart.month - 1] +
                        (nextYear == bestStart.year ? "" : " " + std::to_string(bestStart.year)) +
                        "–" + kMonths[nextMonth - 1] + " " + std::to_string(nextYear) +
                        (earlyInCampaign(bestStart) ? kEarly : ".");
                const auto after = static_cast<long long>(items.size() - bestCount);
                if (after == 0)
                    text += " Därefter har inga fall med så stor räckvidd noterats.";
                else if (after == 1)
                    text += " Därefter har ett sådant fall noterats, den " +
                            longDate(items.back().firstSeen) + ".";
                else
                    text += " Därefter har " + numberInText(after, Gender::Neuter) +
                            " sådana fall noterats, det senaste den " +
                            longDate(items.back().firstSeen) + ".";
            }
        } else if (items.size() == 1) {
            const auto& seen = items.front().firstSeen;
            text += " Fallet i tabellen sågs i " + std::string(kMonths[seen.month - 1]) + " " +
                    std::to_string(seen.year) + (earlyInCampaign(seen) ? kEarly : ".");
        }
        p.push_back(text);
        return p;
    }

    // "av typerna ”utbildning”, ”skalskydd” och ”säkerhetsrutin”": the type table's own
    // names, quoted, so that no plural has to be made of a label.
    static std::string ofTypes(const std::vector<std::string>& types) {
        return (types.size() == 1 ? "av typen " : "av typerna ") + quotedList(types);
    }

    // Part 3: which measures answer which threats, and the previous period of the same length.
    [[nodiscard]] std::vector<std::string> measuresAgainstThreats() const {
        const auto& i = m_.incidents;
        const auto& o = m_.observations;
        const auto& m = m_.measures;
        std::vector<std::string> p;
        auto typesOf = [&](const std::string& perspective) {
            std::vector<std::pair<long long, std::string>> types;
            size_t column = 0;
            for (; column < m.byType.columnKeys.size(); ++column)
                if (m.byType.columnKeys[column] == perspective) break;
            if (column == m.byType.columnKeys.size()) return std::vector<std::string>{};
            for (const auto& row : m.byType.rows)
                if (row.cells[column].shown() && row.cells[column].value > 0 &&
                    row.key != "OVRIGT" && row.key != "UPPGIFT_SAKNAS")
                    types.push_back({-row.cells[column].value, lowerFirst(row.label)});
            std::sort(types.begin(), types.end());
            std::vector<std::string> names;
            for (size_t k = 0; k < types.size() && k < 3; ++k) names.push_back(types[k].second);
            return names;
        };
        std::vector<std::string> channels;
        {
            std::vector<std::pair<long long, std::string>> shown;
            for (const auto& row : i.byChannel.rows)
                if (row.cells[0].shown() && row.cells[0].value > 0 && row.key != "OVRIGT" &&
                    row.key != "UPPGIFT_SAKNAS")
                    shown.push_back({-row.cells[0].value, lowerFirst(row.label)});
            std::sort(shown.begin(), shown.end());
            for (size_t k = 0; k < shown.size() && k < 2; ++k) channels.push_back(shown[k].second);
        }
        const auto work = typesOf("ARBETSMILJO");
        if (!channels.empty() && !work.empty())
            p.push_back("De vanligaste kanalerna för hot mot medarbetarna var " +
                        quotedList(channels) + ". Åtgärderna för arbetsmiljön, främst " +
                        ofTypes(work) + ", ska skydda medarbetarna i sådana situationer.");
        const auto society = typesOf("SAMHALLE");
        auto platform = mostCommon(o.byPlatform);
        auto language = mostCommon(o.byLanguage);
        if (!society.empty() && platform && language)
            p.push_back("Desinformationen spreds främst på " + platform->label + " och på " +
                        lowerFirst(language->label) + ". Åtgärderna i samhället, främst " +
                        ofTypes(society) +
                        ", ska ge invånarna en rättvisande bild av vad socialtjänsten gör.");
        const auto& prev = m_.previousPeriod;
        const auto done =
            counted(m.donePreviousPeriod, "förebyggande åtgärd", "förebyggande åtgärder");
        const auto threats = counted(i.previousPeriodTotal, "händelse", "händelser");
        const bool noneBefore = m.donePreviousPeriod.shown() && m.donePreviousPeriod.value == 0 &&
                                i.previousPeriodTotal.shown() && i.previousPeriodTotal.value == 0;
        if (noneBefore)
            // Nothing at all registered then: most likely the registry's records start later,
            // so "none happened" would be a claim the data cannot carry.
            p.push_back(
                "Diariet har inga ärenden om hot och våld eller om förebyggande åtgärder "
                "från den lika långa perioden närmast före, " +
                core::periodText(prev.from, prev.to) +
                ". Någon jämförelse med den perioden kan därför inte göras.");
        else if (done && threats)
            p.push_back("Under den lika långa perioden närmast före, " +
                        core::periodText(prev.from, prev.to) + ", genomfördes " +
                        (m.donePreviousPeriod.shown() && m.donePreviousPeriod.value == 0
                             ? std::string("inga förebyggande åtgärder")
                             : *done) +
                        " och registrerades " +
                        (i.previousPeriodTotal.shown() && i.previousPeriodTotal.value == 0
                             ? std::string("inga händelser")
                             : *threats) +
                        " av hot eller våld mot medarbetare.");
        return p;
    }

    // Part 4, a draft the official confirms or changes.
    [[nodiscard]] std::vector<std::string> politics() const {
        const auto& m = m_.measures;
        std::vector<std::string> p;
        p.push_back(
            "Hot och desinformation mot socialtjänsten är inte en fråga för förvaltningen "
            "ensam. Förvaltningen ser fem sätt för nämnden att bidra.");
        p.push_back(
            "Nämnden kan visa att hela kommunen står bakom sina medarbetare, till exempel "
            "genom att uttala sitt stöd när medarbetare hängs ut eller hotas och genom att "
            "ta upp frågan med kommunstyrelsen.");
        std::string anonymised =
            "Nämnden kan ge förvaltningen i uppdrag att utreda om beslut kan skrivas utan den "
            "enskilda handläggarens namn, så att medarbetare inte pekas ut.";
        for (const auto& row : m.byType.rows)
            if (row.key == "ANONYMISERAT_BESLUT" && row.cells.back().shown() &&
                row.cells.back().value > 0) {
                // "Tre av förvaltningens åtgärder under perioden gäller redan anonymiserade
                // beslut."
                anonymised += " " + capitalized(numberInText(row.cells.back().value)) +
                              " av förvaltningens åtgärder under perioden gäller redan " +
                              lowerFirst(row.label) + ".";
            }
        p.push_back(anonymised);
        std::string meetings =
            "Nämnden kan stödja att socialtjänsten finns där invånarna är, till exempel på "
            "föräldramöten i skolor och förskolor.";
        if (auto held =
                counted(m.meetingsHeld, "informationsmöte", "informationsmöten", Gender::Neuter);
            held && m.meetingsHeld.shown() && m.meetingsHeld.value > 0)
            meetings += " Förvaltningens " + *held + " under perioden nådde sammanlagt " +
                        numberInText(m.participants) +
                        (m.participants == 1 ? " person." : " personer.");
        p.push_back(meetings);
        std::string injured =
            "Nämnden kan verka för att kommunen, och inte den enskilda medarbetaren, kan stå som "
            "målsägande när hot mot medarbetare polisanmäls, så som Sveriges Kommuner och "
            "Regioner har föreslagit.";
        if (auto share = part(m_.incidents.policeReported, m_.incidents.total);
            share && m_.incidents.policeReported.shown() && m_.incidents.total.shown())
            injured += " Under perioden polisanmäldes " + *share + " av händelserna.";
        p.push_back(injured);
        p.push_back(
            "Nämnden kan begära en årlig uppföljning med samma uppgifter som i den här "
            "skrivelsen.");
        return p;
    }

    // Förvaltningens bedömning, a draft built from the figures.
    [[nodiscard]] std::vector<std::string> assessment() const {
        std::vector<std::string> p;
        const auto& o = m_.observations;
        if (!campaignConclusion().empty() && !(o.localLink.shown() && o.localLink.value == 0)) {
            // Part 2 concludes that the campaign reached the municipality; the assessment
            // says what that meant, rather than repeat it.
            const auto& linked = m_.incidents.disinformationLinked;
            std::string text = "Förvaltningen bedömer att desinformationen om socialtjänsten i " +
                               d_.organisation.municipality + " är en del av kampanjen i landet";
            if (linked.disclosure == Disclosure::Small || (linked.shown() && linked.value > 0))
                text += " och att den har bidragit till en del av hoten mot medarbetarna";
            text += ".";
            const auto& q = m_.incidents.byQuarter.rows;
            if (auto peak = peakQuarter();
                peak && !q.empty() &&
                peak->find(std::to_string(m_.period.from.year)) != std::string::npos &&
                q.front().cells.back().shown() &&
                peak->find("första kvartalet") != std::string::npos)
                text += " Hoten mot medarbetarna var som flest när kampanjen började.";
            p.push_back(text);
        }
        const auto& rows = m_.incidents.byQuarter.rows;
        const auto& partial = m_.incidents.partialPeriods;
        // The first year against the last whole year of periods, where shown.
        const auto unit = m_.incidents.periodUnit;
        const size_t perYear = unit == PeriodUnit::Quarter    ? 4
                               : unit == PeriodUnit::HalfYear ? 2
                                                              : 1;
        if (rows.size() >= 2 * perYear) {
            auto sum = [&](size_t from, size_t to) -> std::optional<long long> {
                long long total = 0;
                for (size_t k = from; k < to; ++k) {
                    if (!rows[k].cells.back().shown()) return std::nullopt;
                    total += rows[k].cells.back().value;
                }
                return total;
            };
            const bool lastPartial = partial.size() == rows.size() && partial.back();
            const bool firstPartial = partial.size() == rows.size() && partial.front();
            const size_t begin = firstPartial ? 1 : 0;
            const size_t end = rows.size() - (lastPartial ? 1 : 0);
            std::optional<long long> first, last;
            if (end >= begin + 2 * perYear) {
                first = sum(begin, begin + perYear);
                last = sum(end - perYear, end);
            }
            const std::string firstPart =
                unit == PeriodUnit::Quarter    ? "Under de fyra första hela kvartalen"
                : unit == PeriodUnit::HalfYear ? "Under de två första hela halvåren"
                                               : "Under " + rows[begin].label;
            const std::string lastPart =
                unit == PeriodUnit::Quarter    ? "under de fyra senaste hela kvartalen "
                : unit == PeriodUnit::HalfYear ? "under de två senaste hela halvåren "
                                               : "under " + rows[end - 1].label + " ";
            if (first && last)
                p.push_back(firstPart + " registrerades " + numberInText(*first) +
                            " händelser av hot eller våld. " + capitalized(lastPart) +
                            "var antalet " + numberInText(*last) + ". " +
                            (*last < *first ? "Hoten har alltså minskat sedan kampanjen började, "
                                              "men de har inte upphört."
                                            : "Hoten har alltså inte minskat sedan kampanjen "
                                              "började."));
        }
        p.push_back(
            "Förvaltningen bedömer att arbetet med medarbetarnas säkerhet och med "
            "information till invånarna behöver fortsätta och följas upp varje år.");
        return p;
    }

    [[nodiscard]] std::vector<std::string> economy() const {
        std::vector<std::string> p{
            "Ärendet är ett informationsärende. Beslutet medför i sig "
            "inga ekonomiska konsekvenser."};
        const auto& planned = m_.measures.planned;
        std::vector<std::string> types;
        for (const auto& measure : planned)
            if (!measure.ongoing &&
                std::find(types.begin(), types.end(), lowerFirst(measure.type)) == types.end())
                types.push_back(lowerFirst(measure.type));
        std::size_t count = 0;
        for (const auto& measure : planned)
            if (!measure.ongoing) ++count;
        // One planned measure reads in the singular ("Den planerade åtgärden
        // (informationsmöte) …"), never "De planerade åtgärderna" of a single one.
        if (count == 1)
            p.push_back("Den planerade åtgärden (" + types.front() +
                        ") kan medföra kostnader. Förvaltningen redovisar dem när åtgärden "
                        "beslutas.");
        else if (!types.empty())
            p.push_back("De planerade åtgärderna (" + joinedList(types) +
                        ") kan medföra kostnader. Förvaltningen redovisar dem när åtgärderna "
                        "beslutas.");
        return p;
    }

    [[nodiscard]] std::vector<std::string> children() const {
        std::vector<std::string> p{
            "Sedan den 1 januari 2020 gäller FN:s konvention om barnets rättigheter "
            "(barnkonventionen) som svensk lag. Barnets bästa ska därför beaktas i "
            "socialtjänstens arbete mot hot och desinformation."};
        std::string text =
            "Desinformationen kan göra att föräldrar och barn undviker "
            "socialtjänsten, så att barn som far illa inte får hjälp.";
        for (const auto& row : m_.incidents.byArea.rows)
            if (row.key == "BARN_UNGA")
                if (auto n = part(row.cells[0], m_.incidents.byArea.totals->cells[0]))
                    text += " Av de registrerade händelserna av hot eller våld inträffade " + *n +
                            " inom verksamheten för barn och unga.";
        p.push_back(text +
                    " Information till föräldrar om vad socialtjänsten gör kan göra det lättare "
                    "för familjer att söka stöd.");
        return p;
    }

    [[nodiscard]] std::vector<std::string> equality() const {
        return {
            "Redovisningen är inte uppdelad på kön, eftersom små tal annars skulle kunna "
            "peka ut enskilda medarbetare. Förvaltningen har därför inget underlag för att "
            "bedöma om hoten drabbar kvinnor och män på olika sätt. Det kan följas upp i "
            "kommunens medarbetarenkät."};
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
            if (t.rows.empty())
                t.rows.push_back({o.timelineWithheld ? "Visas inte för att skydda enskilda"
                                                     : "Inga under perioden",
                                  "–", "–", "–", "–"});
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
            // An empty list says why: none at all, none that may be listed, or left out.
            if (t.rows.empty())
                t.rows.push_back({m.plannedWithheld ? "Visas inte för att skydda enskilda"
                                  : m.confidentialNotListed > 0
                                      ? "Omfattas av sekretess och visas inte"
                                      : "Inga pågående eller planerade åtgärder",
                                  "–", "–", "–", "–"});
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
        // Never an empty chart: the text says why there is none (incidentParagraphs()).
        if (chartOmitted()) {
            chart.omitted = true;
            return chart;
        }
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
        const auto unit = m_.incidents.periodUnit;
        const std::string per = unit == PeriodUnit::Quarter    ? "kvartal"
                                : unit == PeriodUnit::HalfYear ? "halvår"
                                                               : "år";
        std::string alt =
            "Stapeldiagram över antalet händelser av hot och våld mot medarbetare per " + per;
        if (!b.rows.empty())
            alt += " från " + b.rows.front().label + " till " + b.rows.back().label;
        alt += ", uppdelat på händelser med och utan koppling till desinformation.";
        if (auto peak = peakQuarter()) alt += " Flest händelser inträffade under " + *peak + ".";
        // The totals per quarter are shown in table 1, so the description may give them.
        std::vector<std::string> totals;
        for (const auto& row : b.rows) totals.push_back(row.label + ": " + cell(row.cells.back()));
        if (!totals.empty()) alt += " Antal händelser per " + per + ": " + joinedList(totals) + ".";
        if (gaps)
            alt += " " + capitalized(per) + " med färre än " + numberInText(m_.threshold) +
                   " händelser visas som 0. Tabell 1 visar hur det är redovisat.";
        alt +=
            " Där uppdelningen utelämnas för att skydda enskilda visas hela antalet som "
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
        const auto count = " (" + formatInteger(best->cells.back().value) + ")";
        if (m_.incidents.periodUnit == PeriodUnit::Year) return std::to_string(year) + count;
        const int part = best->key.back() - '0';
        const bool half = m_.incidents.periodUnit == PeriodUnit::HalfYear;
        return std::string(kOrdinal[part - 1]) + (half ? " halvåret " : " kvartalet ") +
               std::to_string(year) + count;
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

    // A column with nothing published in it (every cell ".."; for shares, every row's) is
    // left out of the table, and no text refers to it.
    [[nodiscard]] TableContent counts(const Breakdown& b, bool totalsRow, bool withShare) const {
        TableContent t = allCounts(b, totalsRow, withShare);
        if (t.rows.empty()) return t;
        const std::size_t columns = t.rows.front().size();
        const std::size_t bodyRows = b.rows.size();
        std::vector<int> removed;
        for (std::size_t c = 1; c < columns; ++c) {
            const bool share = withShare && c + 1 == columns;
            bool empty = true;
            for (std::size_t r = 0; r < t.rows.size() && empty; ++r) {
                if (share && r >= bodyRows) continue;  // the totals row's "100 %"
                empty = t.rows[r][c] == kWithheld;
            }
            if (empty) removed.push_back(static_cast<int>(c));
        }
        if (removed.empty()) return t;
        for (auto& row : t.rows)
            for (auto c = removed.rbegin(); c != removed.rend(); ++c) row.erase(row.begin() + *c);
        t.removedColumns = std::move(removed);
        return t;
    }

    [[nodiscard]] TableContent allCounts(const Breakdown& b, bool totalsRow, bool withShare) const {
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
        else if (source == "politics")
            block.paragraphs = w.politics();
        else if (source == "assessment")
            block.paragraphs = w.assessment();
        else if (source == "consequences.economy")
            block.paragraphs = w.economy();
        else if (source == "consequences.children")
            block.paragraphs = w.children();
        else if (source == "consequences.equality")
            block.paragraphs = w.equality();
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
