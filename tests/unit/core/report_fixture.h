// Building registry cases for the committee report's tests, and the real report
// definition they are computed with.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/report_definition_loader.h"
#include "core/committee_report.h"

namespace committee_report::tests {

using core::CaseRecord;
using core::Date;

inline const core::ReportDefinition& realDefinition() {
    static const auto definition = config::loadReportDefinition(
        COMMITTEE_REPORT_SOURCE_DIR "/templates/hot-och-desinformation/report-definition.xml");
    return definition;
}

inline Date day(int y, int m, int d) { return Date{y, m, d}; }

// A case of one type with its egenskaper, built step by step.
class CaseBuilder {
  public:
    CaseBuilder(std::string type, Date registered) {
        static int counter = 0;
        record_.systemId = "id-" + std::to_string(++counter);
        record_.dnr = "2024SOC" + std::to_string(counter);
        record_.type = {std::move(type), ""};
        record_.registered = registered;
        record_.title = "Ärende";
        record_.organ = "Socialnämnden";
    }
    explicit CaseBuilder(CaseRecord record) : record_(std::move(record)) {}
    CaseBuilder& set(const std::string& key, core::PropertyValue value) {
        record_.properties[key] = std::move(value);
        return *this;
    }
    CaseBuilder& officer(std::string name) {
        record_.officer =
            core::Officer{std::move(name), "Socialsekreterare", "Barn och unga", "x@ekbacka.se"};
        return *this;
    }
    CaseBuilder& confidential() {
        record_.confidentiality = "26 kap. 1 § OSL";
        return *this;
    }
    operator CaseRecord() const { return record_; }  // NOLINT: builder

  private:
    CaseRecord record_;
};

struct Incident {
    Date date;
    std::string category = "HOT_DIREKT";
    std::string channel = "MOTE";
    std::string area = "BARN_UNGA";
    std::string link = "NEJ";
    std::string police = "NEJ";
    std::optional<Date> registered;  // default: two days after the event
};

inline CaseRecord incident(const Incident& i) {
    const Date registered =
        i.registered.value_or(Date::fromDaysSinceEpoch(i.date.daysSinceEpoch() + 2));
    return CaseBuilder("HOT_VALD", registered)
        .set("datum", i.date)
        .set("kategori", i.category)
        .set("kanal", i.channel)
        .set("verksamhetsomrade", i.area)
        .set("desinformationskoppling", i.link)
        .set("polisanmald", i.police)
        .set("beskrivning", std::string("Händelse som beskrivs i fritext"));
}

struct Observation {
    Date firstSeen;
    std::string platform = "TIKTOK";
    std::string language = "ar";
    std::string reach = "1K_10K";
    std::string narrative = "KIDNAPPNING";
    bool local = false;
    std::string action = "BEMOTT";
};

inline CaseRecord observation(const Observation& o) {
    return CaseBuilder("DESINFO", o.firstSeen)
        .set("forstSedd", o.firstSeen)
        .set("plattform", o.platform)
        .set("sprak", o.language)
        .set("rackvidd", o.reach)
        .set("narrativ", o.narrative)
        .set("lokalKoppling", o.local)
        .set("atgard", o.action);
}

struct Measure {
    std::string type = "UTBILDNING";
    std::string perspective = "ARBETSMILJO";
    std::string status = "GENOMFORD";
    std::optional<Date> done;
    Date registered{2022, 3, 1};
    long long participants = 0;
    std::string unit = "Individ- och familjeomsorg";
    std::optional<Date> plannedDate;
};

inline CaseRecord measure(const Measure& m) {
    CaseBuilder builder("FOREBYGGANDE", m.registered);
    builder.set("typ", m.type)
        .set("perspektiv", m.perspective)
        .set("status", m.status)
        .set("ansvarigEnhet", m.unit);
    if (m.done) builder.set("genomford", *m.done);
    if (m.participants) builder.set("antalDeltagare", static_cast<std::int64_t>(m.participants));
    if (m.plannedDate) builder.set("planeratDatum", *m.plannedDate);
    return builder;
}

// The initiative 2024SOCN33 and its registry entries, as in the seed.
inline CaseRecord reportCase() {
    CaseRecord record = CaseBuilder("INITIATIV", day(2024, 2, 5));
    record.dnr = "2024SOCN33";
    record.title =
        "Initiativärende gällande information om hot och desinformation mot socialtjänsten samt "
        "kommunens "
        "förebyggande arbete";
    record.officer = core::Officer{"Lena Utredare", "Utredare", "Kvalitet och utveckling",
                                   "lena.utredare@ekbacka.se"};
    record.properties.emplace("svarSenast", std::string("2024-06-19"));
    return record;
}

inline std::vector<core::RegistryEntry> reportCaseEntries() {
    core::RegistryEntry initiative;
    initiative.number = 1;
    initiative.title =
        "Initiativärende från Kajsa Lackovic (S), Marie Davidsson (V), Jonas Andersson (S) och "
        "Birgitta "
        "Berntsson (S)";
    initiative.direction = {"I", "Inkommande"};
    initiative.documentType = {"INITIATIV", "Initiativärende"};
    initiative.received = day(2024, 2, 5);
    initiative.senders = {{"Kajsa Lackovic (S)"},
                          {"Marie Davidsson (V)"},
                          {"Jonas Andersson (S)"},
                          {"Birgitta Berntsson (S)"}};
    initiative.recipients = {{"Socialnämnden"}};
    core::RegistryEntry minutes;
    minutes.number = 2;
    minutes.title = "Protokollsutdrag SN 2024-02-07 § 22 Bordläggning av initiativärende";
    minutes.direction = {"N", "Intern"};
    minutes.documentType = {"PROTOKOLLSUTDRAG", "Protokollsutdrag"};
    minutes.drawnUp = day(2024, 2, 7);
    minutes.recipients = {{"Socialnämnden"}};
    core::RegistryEntry assignment;  // the decision that gave the administration its task
    assignment.number = 3;
    assignment.title = "Protokollsutdrag SN 2024-03-20 § 41 Bifall och uppdrag till förvaltningen";
    assignment.direction = {"N", "Intern"};
    assignment.documentType = {"PROTOKOLLSUTDRAG", "Protokollsutdrag"};
    assignment.drawnUp = day(2024, 3, 20);
    assignment.recipients = {{"Socialnämnden"}};
    return {initiative, minutes, assignment};
}

// A small hand-made registry whose answers are worked out in the comments.
struct HandMade {
    std::vector<CaseRecord> cases;
    HandMade() {
        // 2023 Q1: six direct threats, five linked to disinformation, two reported by the employer.
        for (int i = 0; i < 6; ++i)
            cases.push_back(incident({.date = day(2023, 1, 10 + i),
                                      .link = i < 5 ? "JA" : "NEJ",
                                      .police = i < 2 ? "ARBETSGIVARE" : "NEJ"}));
        // ... and a confidential one: counted, never described.
        CaseRecord secret =
            CaseBuilder(incident({.date = day(2023, 2, 1), .link = "OKLART"})).confidential();
        cases.push_back(secret);
        // 2022 Q2: three death threats by phone.
        for (int i = 0; i < 3; ++i)
            cases.push_back(incident(
                {.date = day(2022, 4, 4 + i), .category = "DODSHOT", .channel = "TELEFON"}));
        // Happened on 30 May 2024, registered after the period's end: counts.
        cases.push_back(incident({.date = day(2024, 5, 30),
                                  .category = "VALD",
                                  .area = "VUXEN",
                                  .registered = day(2024, 6, 3)}));
        // Before the period, and after it: do not count.
        cases.push_back(incident({.date = day(2021, 12, 30), .category = "HOT_DIFFUST"}));
        cases.push_back(incident({.date = day(2024, 6, 2), .registered = day(2024, 6, 3)}));
        // No event date at all.
        CaseRecord undated =
            CaseBuilder("HOT_VALD", day(2023, 3, 3)).set("kategori", std::string("VALD"));
        cases.push_back(undated);

        // Observations: five in the period, four naming the municipality, two on the timeline.
        cases.push_back(
            observation({.firstSeen = day(2022, 2, 1), .reach = "OVER_100K", .local = true}));
        cases.push_back(
            observation({.firstSeen = day(2022, 3, 1), .reach = "10K_100K", .local = false}));
        CaseRecord secretObservation = CaseBuilder(observation({.firstSeen = day(2022, 3, 5),
                                                                .platform = "FACEBOOK",
                                                                .language = "sv",
                                                                .reach = "10K_100K",
                                                                .local = true}))
                                           .confidential();
        cases.push_back(secretObservation);
        cases.push_back(observation({.firstSeen = day(2023, 4, 1),
                                     .platform = "YOUTUBE",
                                     .language = "tr",
                                     .reach = "1K_10K",
                                     .local = true}));
        cases.push_back(observation({.firstSeen = day(2023, 5, 5),
                                     .platform = "X",
                                     .language = "sv",
                                     .reach = "OVER_100K",
                                     .narrative = "EKONOMISKT_MOTIV",
                                     .local = true,
                                     .action = "PLATTFORMSRAPPORT"}));
        cases.push_back(
            observation({.firstSeen = day(2021, 11, 1), .reach = "OVER_100K", .local = true}));

        // Measures: three done, one ongoing, two planned count; two meetings with 85 + 40 people.
        cases.push_back(measure({.type = "UTBILDNING", .done = day(2022, 5, 1)}));
        cases.push_back(measure({.type = "INFORMATIONSMOTE",
                                 .perspective = "SAMHALLE",
                                 .done = day(2023, 3, 1),
                                 .participants = 85}));
        cases.push_back(measure({.type = "INFORMATIONSMOTE",
                                 .perspective = "SAMHALLE",
                                 .status = "UPPFOLJD",
                                 .done = day(2023, 9, 1),
                                 .participants = 40}));
        cases.push_back(measure({.type = "INFORMATIONSMOTE",
                                 .perspective = "SAMHALLE",
                                 .done = day(2024, 6, 10),
                                 .participants = 300}));  // after the period
        cases.push_back(
            measure({.type = "RISKBEDOMNING", .status = "PAGAR", .registered = day(2024, 1, 10)}));
        cases.push_back(measure({.type = "ORDNINGSVAKT",
                                 .status = "PLANERAD",
                                 .registered = day(2024, 5, 20),
                                 .plannedDate = day(2024, 9, 1)}));
        cases.push_back(
            measure({.type = "SKALSKYDD", .status = "PLANERAD", .registered = day(2024, 6, 5)}));
        cases.push_back(
            measure({.type = "SAMVERKAN", .perspective = "SAMHALLE", .status = "AVBRUTEN"}));
        CaseRecord secretMeasure = CaseBuilder(measure({.type = "FLERSPRAKIG_INFORMATION",
                                                        .perspective = "SAMHALLE",
                                                        .status = "PLANERAD",
                                                        .registered = day(2024, 3, 1)}))
                                       .confidential();
        cases.push_back(secretMeasure);
        // A case of a type the report does not count.
        cases.push_back(CaseBuilder("ANNAT_ARENDE", day(2023, 1, 1)));
    }
};

inline core::ReportModel computeHandMade() {
    static HandMade data;
    core::ReportInput input{realDefinition(),
                            reportCase(),
                            reportCaseEntries(),
                            data.cases,
                            core::defaultPeriod(realDefinition(), day(2024, 6, 10)),
                            day(2024, 6, 10)};
    return core::computeReport(input);
}

}  // namespace committee_report::tests
