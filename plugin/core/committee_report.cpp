// computeReport(): from registry cases to the report's figures. Reads only the
// egenskaper keys named in the report definition, the case type, the
// registration date and the confidentiality flag; names are read only into the
// PersonalDataScreen used by the final check.
#include "committee_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "publication_audit.h"
#include "swedish_format.h"

namespace committee_report::core {

namespace {

constexpr const char* kOther = "OVRIGT";
constexpr const char* kMissing = "UPPGIFT_SAKNAS";

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

const PropertyValue* property(const CaseRecord& record, const std::string& key) {
    return record.properties.find(key);
}

std::optional<std::string> textProperty(const CaseRecord& record, const std::string& key) {
    const auto* value = property(record, key);
    if (!value) return std::nullopt;
    if (auto* text = std::get_if<std::string>(value)) {
        if (text->empty()) return std::nullopt;
        return *text;
    }
    if (auto* number = std::get_if<std::int64_t>(value)) return std::to_string(*number);
    if (auto* flag = std::get_if<bool>(value)) return *flag ? "true" : "false";
    if (auto* date = std::get_if<Date>(value)) return date->iso();
    return std::nullopt;
}

std::optional<Date> dateProperty(const CaseRecord& record, const std::string& key) {
    const auto* value = property(record, key);
    if (!value) return std::nullopt;
    if (auto* date = std::get_if<Date>(value))
        return date->valid() ? std::optional(*date) : std::nullopt;
    if (auto* text = std::get_if<std::string>(value)) return Date::parse(*text);
    return std::nullopt;
}

bool flagProperty(const CaseRecord& record, const std::string& key) {
    const auto* value = property(record, key);
    if (!value) return false;
    if (auto* flag = std::get_if<bool>(value)) return *flag;
    if (auto* number = std::get_if<std::int64_t>(value)) return *number != 0;
    if (auto* text = std::get_if<std::string>(value))
        return *text == "true" || *text == "JA" || *text == "1";
    return false;
}

long long integerProperty(const CaseRecord& record, const std::string& key) {
    const auto* value = property(record, key);
    if (!value) return 0;
    if (auto* number = std::get_if<std::int64_t>(value)) return std::max<std::int64_t>(*number, 0);
    if (auto* real = std::get_if<double>(value)) return std::max(0LL, std::llround(*real));
    if (auto* text = std::get_if<std::string>(value)) {
        if (text->empty() || text->size() > 9 ||
            !std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; }))
            return 0;
        return std::stoll(*text);
    }
    return 0;
}

ReportPeriod previousOf(const ReportPeriod& period) {
    const long length = period.to.daysSinceEpoch() - period.from.daysSinceEpoch();
    const long end = period.from.daysSinceEpoch() - 1;
    return ReportPeriod{Date::fromDaysSinceEpoch(end - length), Date::fromDaysSinceEpoch(end)};
}

// A count that stands alone (no sum ties it to another): only primary suppression.
Figure standalone(long long value, int threshold) {
    return Figure{value, value >= 1 && value < threshold ? Disclosure::Small : Disclosure::Shown};
}

bool inPeriod(const Date& date, const ReportPeriod& period) {
    return date >= period.from && date <= period.to;
}

// The row a code counts under: the code if listed, else "OVRIGT" or "UPPGIFT_SAKNAS".
std::string rowKey(const CodeList& list, const std::optional<std::string>& code) {
    if (!code) return kMissing;
    return list.labelOf(*code) ? *code : kOther;
}

std::string rowLabel(const CodeList& list, const std::string& key) {
    if (key == kOther) return list.otherLabel;
    if (key == kMissing) return list.missingLabel;
    const auto* label = list.labelOf(key);
    return label ? *label : key;
}

// Cases per row key, as they are tallied: a key is present once a case counts under it.
using Counts = std::map<std::string, long long, std::less<>>;

template <typename Map, typename Key>
long long countOf(const Map& counts, const Key& key) {
    const auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
}

template <typename Key>
void addCounts(std::map<Key, long long, std::less<>>& into,
               const std::map<Key, long long, std::less<>>& from) {
    for (const auto& [key, count] : from) into[key] += count;
}

// Moves the items another tally listed onto the end of this one's list (merge: the
// order among them is settled later by each item's case key, see caseKeyOf).
template <typename List>
void appendMoved(List& into, List& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    from.clear();
}

// The listed codes in order, then OVRIGT and UPPGIFT_SAKNAS; only those that
// occur unless keepAll (then every listed code).
std::vector<std::string> rowKeys(const CodeList& list, const Counts& occurring, bool keepAll) {
    std::vector<std::string> keys;
    for (const auto& value : list.values)
        if (keepAll || occurring.count(value.code)) keys.push_back(value.code);
    for (const char* extra : {kOther, kMissing})
        if (occurring.count(extra)) keys.push_back(extra);
    return keys;
}

// A breakdown while its cells are registered with the disclosure control.
struct DraftRow {
    std::string key;
    std::string label;
    std::vector<DisclosureControl::Cell> cells;
};
struct DraftBreakdown {
    std::string id;
    std::vector<std::string> columnKeys;
    std::vector<DraftRow> rows;
    std::optional<DraftRow> totals;
};

Figure figure(const DisclosureControl& control, DisclosureControl::Cell cell) {
    return Figure{control.value(cell), control.disclosure(cell)};
}

BreakdownRow published(const DisclosureControl& control, const DraftRow& draft) {
    BreakdownRow row{draft.key, draft.label, {}};
    for (auto cell : draft.cells) row.cells.push_back(figure(control, cell));
    return row;
}

Breakdown published(const DisclosureControl& control, const DraftBreakdown& draft) {
    Breakdown breakdown{draft.id, draft.columnKeys, {}, std::nullopt};
    for (const auto& row : draft.rows) breakdown.rows.push_back(published(control, row));
    if (draft.totals) breakdown.totals = published(control, *draft.totals);
    return breakdown;
}

// One column of counts per code, summing to `grand`.
DraftBreakdown countByCode(DisclosureControl& control, const std::string& id, const CodeList& list,
                           const Counts& counts, DisclosureControl::Cell grand) {
    DraftBreakdown draft{id, {"count"}, {}, DraftRow{"TOTALT", "Totalt", {grand}}};
    std::vector<DisclosureControl::Cell> members;
    for (const auto& key : rowKeys(list, counts, false)) {
        auto cell = control.addCell(countOf(counts, key));
        members.push_back(cell);
        draft.rows.push_back(DraftRow{key, rowLabel(list, key), {cell}});
    }
    control.addSum(grand, members);
    return draft;
}

struct Quarter {
    int year;
    int quarter;
    bool operator==(const Quarter&) const = default;
};

std::vector<Quarter> quartersOf(const ReportPeriod& period) {
    std::vector<Quarter> quarters;
    for (Quarter q{period.from.year, period.from.quarter()};
         q.year < period.to.year ||
         (q.year == period.to.year && q.quarter <= period.to.quarter());) {
        quarters.push_back(q);
        if (++q.quarter > 4) {
            q.quarter = 1;
            ++q.year;
        }
    }
    return quarters;
}

// "2024 K2 (endast april)" where the period covers only part of the quarter, so
// that a short last quarter does not read as a sharp drop.
std::string partialQuarterLabel(int year, int quarter, const ReportPeriod& period) {
    static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                          "maj",       "juni",     "juli",     "augusti",
                                          "september", "oktober",  "november", "december"};
    int first = (quarter - 1) * 3 + 1, last = first + 2;
    if (period.from.year == year && period.from.quarter() == quarter) {
        if (period.from.day != 1)
            first = 13;  // a part month: say so below
        else
            first = std::max(first, period.from.month);
    }
    const Date lastDay = Date::fromDaysSinceEpoch(
        (period.to.month == 12 ? Date{period.to.year + 1, 1, 1}
                               : Date{period.to.year, period.to.month + 1, 1})
            .daysSinceEpoch() -
        1);
    if (period.to.year == year && period.to.quarter() == quarter) {
        if (period.to != lastDay)
            last = 0;
        else
            last = std::min(last, period.to.month);
    }
    auto label = quarterLabel(year, quarter);
    if (first == 13 || last == 0) return label + " (del av kvartalet)";
    if (first == (quarter - 1) * 3 + 1 && last == first + 2) return label;
    if (first == last) return label + " (endast " + kMonths[first - 1] + ")";
    return label + " (endast " + kMonths[first - 1] + "–" + kMonths[last - 1] + ")";
}

// Each tally below is one report part's share of computeReport(): add() reads one case
// (every property it needs at once: at tens of thousands of cases a separate pass per
// property missed the cache on every lookup, 3× slower), merge() takes in another
// tally of the same period, finish() makes the figures. A tally holds counts per row
// key and the items the report lists one by one, never a case; the figures do not
// depend on the order cases came in nor on the order the registry lists them in (the
// contract promises none), as ties in the lists go by each case's key (caseKeyOf).
// What list items that tie on their date are ordered by: the systemId of the case they
// come from, which the registry assigns and never changes. Not the position in a list
// (the contract promises no list order: registry-api.md), nor the diarienummer (a
// counted case is fetched without it, $select), nor anything personal. Never output.
const std::string& caseKeyOf(const CaseRecord& record) { return record.systemId; }

struct IncidentTally {
    const ReportDefinition* definition;
    ReportPeriod period, before;
    std::vector<long long> linkedPerQuarter, otherPerQuarter;
    Counts categories, channels, areas;
    long long counted = 0, reported = 0, previous = 0, withoutEventDate = 0;

    IncidentTally(const ReportDefinition& d, const ReportPeriod& p)
        : definition(&d), period(p), before(previousOf(p)) {
        const auto quarters = quartersOf(p).size();
        linkedPerQuarter.assign(quarters, 0);
        otherPerQuarter.assign(quarters, 0);
    }

    void add(const CaseRecord& record) {
        const auto& settings = definition->incidents;
        const auto date = dateProperty(record, settings.dateKey);
        if (!date) {
            ++withoutEventDate;
            return;
        }
        if (inPeriod(*date, before)) ++previous;
        if (!inPeriod(*date, period)) return;
        ++counted;
        const auto index = static_cast<size_t>((date->year - period.from.year) * 4 +
                                               date->quarter() - period.from.quarter());
        const auto link = textProperty(record, settings.disinformationKey);
        if (link && contains(settings.disinformationLinkedValues, *link))
            ++linkedPerQuarter.at(index);
        else
            ++otherPerQuarter.at(index);
        ++categories[rowKey(settings.categories, textProperty(record, settings.categoryKey))];
        ++channels[rowKey(settings.channels, textProperty(record, settings.channelKey))];
        ++areas[rowKey(settings.areas, textProperty(record, settings.areaKey))];
        const auto police = textProperty(record, settings.policeKey);
        if (police && !contains(settings.notReportedValues, *police)) ++reported;
    }

    void merge(const IncidentTally& other) {
        for (size_t i = 0; i < linkedPerQuarter.size(); ++i) {
            linkedPerQuarter[i] += other.linkedPerQuarter[i];
            otherPerQuarter[i] += other.otherPerQuarter[i];
        }
        addCounts(categories, other.categories);
        addCounts(channels, other.channels);
        addCounts(areas, other.areas);
        counted += other.counted;
        reported += other.reported;
        previous += other.previous;
        withoutEventDate += other.withoutEventDate;
    }

    [[nodiscard]] IncidentFigures finish() const;
};

IncidentFigures IncidentTally::finish() const {
    const auto& definition = *this->definition;
    const auto& settings = definition.incidents;
    IncidentFigures figures;
    figures.withoutEventDate = withoutEventDate;
    const auto quarters = quartersOf(period);
    const long long countedCases = counted;

    // Per quarter; where most quarters' split would be withheld, per half-year
    // instead, so that the table and chart keep the split they exist to show.
    struct Bucket {
        std::string key, label;
        long long linked = 0, other = 0;
        bool partial = false;
        int parts = 0;  // quarters of the period in the bucket
    };
    std::vector<Bucket> quarterBuckets, halfBuckets, yearBuckets;
    static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                          "maj",       "juni",     "juli",     "augusti",
                                          "september", "oktober",  "november", "december"};
    for (size_t index = 0; index < quarters.size(); ++index) {
        const auto& q = quarters[index];
        const bool partialQuarter =
            (q.year == period.from.year && q.quarter == period.from.quarter() &&
             (period.from.day != 1 || period.from.month != (q.quarter - 1) * 3 + 1)) ||
            (q.year == period.to.year && q.quarter == period.to.quarter() &&
             (period.to.month != q.quarter * 3 ||
              period.to.day !=
                  committee_report::core::daysInMonth(period.to.year, period.to.month)));
        quarterBuckets.push_back(
            Bucket{quarterKey(q.year, q.quarter), partialQuarterLabel(q.year, q.quarter, period),
                   linkedPerQuarter[index], otherPerQuarter[index], partialQuarter});
        // Years: "2023", or "januari–april 2024" where the period covers part of it.
        const auto yearKey = std::to_string(q.year);
        if (yearBuckets.empty() || yearBuckets.back().key != yearKey) {
            const int first = q.year == period.from.year ? period.from.month : 1;
            const int last = q.year == period.to.year ? period.to.month : 12;
            yearBuckets.push_back(Bucket{
                yearKey,
                first == 1 && last == 12
                    ? yearKey
                    : std::string(kMonths[first - 1]) + "–" + kMonths[last - 1] + " " + yearKey,
                0, 0, false});
        }
        yearBuckets.back().linked += linkedPerQuarter[index];
        yearBuckets.back().other += otherPerQuarter[index];
        yearBuckets.back().partial = yearBuckets.back().partial || partialQuarter;
        ++yearBuckets.back().parts;
        const int half = (q.quarter - 1) / 2 + 1;
        const auto key = std::to_string(q.year) + "-H" + std::to_string(half);
        if (halfBuckets.empty() || halfBuckets.back().key != key) {
            int first = half == 1 ? 1 : 7, last = first + 5;
            if (q.year == period.from.year) first = std::max(first, period.from.month);
            if (q.year == period.to.year) last = std::min(last, period.to.month);
            halfBuckets.push_back(Bucket{key,
                                         std::string(kMonths[first - 1]) + "–" + kMonths[last - 1] +
                                             " " + std::to_string(q.year),
                                         0, 0});
        }
        halfBuckets.back().partial = halfBuckets.back().partial || partialQuarter;
        ++halfBuckets.back().parts;
        halfBuckets.back().linked += linkedPerQuarter[index];
        halfBuckets.back().other += otherPerQuarter[index];
    }
    auto build = [&](const std::vector<Bucket>& buckets) {
        DisclosureControl control(
            settings.concerns == Concerns::Persons ? definition.smallNumberThreshold : 1);
        const auto grand = control.addCell(countedCases);

        // Per quarter, split by disinformation link.
        DraftBreakdown byQuarter{
            "incidents.byQuarter", {"disinformationLinked", "other", "total"}, {}, std::nullopt};
        std::vector<DisclosureControl::Cell> linkedCells, otherCells, rowTotals;
        long long linkedTotal = 0;
        for (const auto& bucket : buckets) {
            const long long linked = bucket.linked, other = bucket.other;
            linkedTotal += linked;
            auto l = control.addCell(linked), o = control.addCell(other),
                 t = control.addCell(linked + other);
            control.addSum(t, {l, o});
            linkedCells.push_back(l);
            otherCells.push_back(o);
            rowTotals.push_back(t);
            byQuarter.rows.push_back(DraftRow{bucket.key, bucket.label, {l, o, t}});
        }
        const auto linkedColumn = control.addCell(linkedTotal);
        const auto otherColumn = control.addCell(countedCases - linkedTotal);
        control.addSum(linkedColumn, linkedCells);
        control.addSum(otherColumn, otherCells);
        control.addSum(grand, {linkedColumn, otherColumn});
        control.addSum(grand, rowTotals);
        byQuarter.totals = DraftRow{"TOTALT", "Totalt", {linkedColumn, otherColumn, grand}};

        auto byCategory =
            countByCode(control, "incidents.byCategory", settings.categories, categories, grand);
        auto byChannel =
            countByCode(control, "incidents.byChannel", settings.channels, channels, grand);
        auto byArea = countByCode(control, "incidents.byArea", settings.areas, areas, grand);

        const auto reportedCell = control.addCell(reported);
        const auto notReportedCell = control.addCell(countedCases - reported, true);
        control.addSum(grand, {reportedCell, notReportedCell});

        control.apply();
        figures.total = figure(control, grand);
        figures.disinformationLinked = figure(control, linkedColumn);
        figures.policeReported = figure(control, reportedCell);
        figures.byQuarter = published(control, byQuarter);
        figures.byCategory = published(control, byCategory);
        figures.byChannel = published(control, byChannel);
        figures.byArea = published(control, byArea);
        figures.partialPeriods.clear();
        for (const auto& bucket : buckets) figures.partialPeriods.push_back(bucket.partial);
    };
    // Quarters; half-years where most quarters' split would be withheld; years where
    // most half-years' would be too (and there is more than one year to compare).
    auto mostlyWithheld = [&] {
        size_t withheldSplits = 0;
        for (const auto& row : figures.byQuarter.rows)
            if (!row.cells[0].shown() || !row.cells[1].shown()) ++withheldSplits;
        return withheldSplits * 2 > figures.byQuarter.rows.size();
    };
    for (auto& bucket : halfBuckets) bucket.partial = bucket.partial || bucket.parts < 2;
    for (auto& bucket : yearBuckets) bucket.partial = bucket.partial || bucket.parts < 4;
    build(quarterBuckets);
    figures.periodUnit = PeriodUnit::Quarter;
    if (mostlyWithheld() && halfBuckets.size() > 1) {
        build(halfBuckets);
        figures.periodUnit = PeriodUnit::HalfYear;
        if (mostlyWithheld() && yearBuckets.size() > 1) {
            build(yearBuckets);
            figures.periodUnit = PeriodUnit::Year;
        }
    }
    figures.previousPeriodTotal = standalone(
        previous, settings.concerns == Concerns::Persons ? definition.smallNumberThreshold : 1);
    return figures;
}

struct ObservationTally {
    const ReportDefinition* definition;
    ReportPeriod period;
    Counts platforms, localPerPlatform, languages, narratives;
    long long counted = 0, withoutFirstSeen = 0;
    // The observations the timeline may list, each with its case's key.
    std::vector<std::pair<std::string, TimelineItem>> timeline;

    ObservationTally(const ReportDefinition& d, const ReportPeriod& p)
        : definition(&d), period(p) {}

    void add(const CaseRecord& record) {
        const auto& settings = definition->observations;
        const auto date = dateProperty(record, settings.firstSeenKey);
        if (!date) {
            ++withoutFirstSeen;
            return;
        }
        if (!inPeriod(*date, period)) return;
        ++counted;
        const bool local = flagProperty(record, settings.localLinkKey);
        auto platform = rowKey(settings.platforms, textProperty(record, settings.platformKey));
        auto narrative = rowKey(settings.narratives, textProperty(record, settings.narrativeKey));
        ++platforms[platform];
        if (local) ++localPerPlatform[platform];
        ++languages[rowKey(settings.languages, textProperty(record, settings.languageKey))];
        ++narratives[narrative];

        if (record.confidentiality) return;  // counted, never described
        const auto reach = textProperty(record, settings.reachKey);
        if (!reach || !contains(settings.timelineReaches, *reach)) return;
        if (settings.timelineLocalOnly && !local) return;
        TimelineItem item;
        item.firstSeen = *date;
        item.platformCode = std::move(platform);
        item.reachCode = rowKey(settings.reaches, reach);
        item.narrativeCode = std::move(narrative);
        item.actionCode = rowKey(settings.actions, textProperty(record, settings.actionKey));
        item.platform = rowLabel(settings.platforms, item.platformCode);
        item.reach = rowLabel(settings.reaches, item.reachCode);
        item.narrative = rowLabel(settings.narratives, item.narrativeCode);
        item.action = rowLabel(settings.actions, item.actionCode);
        timeline.emplace_back(caseKeyOf(record), std::move(item));
    }

    void merge(ObservationTally&& other) {
        addCounts(platforms, other.platforms);
        addCounts(localPerPlatform, other.localPerPlatform);
        addCounts(languages, other.languages);
        addCounts(narratives, other.narratives);
        counted += other.counted;
        withoutFirstSeen += other.withoutFirstSeen;
        appendMoved(timeline, other.timeline);
    }

    [[nodiscard]] ObservationFigures finish();
};

ObservationFigures ObservationTally::finish() {
    const auto& definition = *this->definition;
    const auto& settings = definition.observations;
    ObservationFigures figures;
    figures.withoutFirstSeen = withoutFirstSeen;
    // By date first seen; on the same date by case key (never by list position), then by
    // the item itself, so that the order is total even were two cases to share a key.
    std::sort(timeline.begin(), timeline.end(), [](const auto& a, const auto& b) {
        const auto& x = a.second;
        const auto& y = b.second;
        if (x.firstSeen != y.firstSeen) return x.firstSeen < y.firstSeen;
        return std::tie(a.first, x.platformCode, x.reachCode, x.narrativeCode, x.actionCode) <
               std::tie(b.first, y.platformCode, y.reachCode, y.narrativeCode, y.actionCode);
    });
    for (auto& [key, item] : timeline) figures.timeline.push_back(std::move(item));
    timeline.clear();
    const long long countedCases = counted;
    const int threshold =
        settings.concerns == Concerns::Persons ? definition.smallNumberThreshold : 1;

    // The timeline lists observations one by one, so it proves "at least k"
    // for its platforms' and narratives' counts. A platform or narrative with
    // fewer than `threshold` observations is not named there (".."), or the
    // list would narrow its "färre än 5"; the reader still learns that the
    // unnamed rows fall among the small ones, which is added as a constraint.
    // One item proves only "at least 1", which "färre än 5" already says: a
    // platform or narrative named once in the list may be small.
    std::map<std::string, long long> itemsOfPlatform, itemsOfNarrative;
    for (const auto& item : figures.timeline) {
        ++itemsOfPlatform[item.platformCode];
        ++itemsOfNarrative[item.narrativeCode];
    }
    for (auto& item : figures.timeline) {
        const bool once = itemsOfPlatform[item.platformCode] == 1;
        if (!once && (countOf(platforms, item.platformCode) < threshold ||
                      countOf(localPerPlatform, item.platformCode) < threshold)) {
            item.platformCode = "..";
            item.platform = "..";
        }
        if (itemsOfNarrative[item.narrativeCode] > 1 &&
            countOf(narratives, item.narrativeCode) < threshold) {
            item.narrativeCode = "..";
            item.narrative = "..";
        }
    }

    struct Built {
        DisclosureControl control;
        DisclosureControl::Cell grand, localColumn;
        DraftBreakdown byPlatform, byLanguage, byNarrative;
    };
    auto build = [&](bool withTimeline) {
        DisclosureControl control(threshold);
        const auto grand = control.addCell(countedCases);

        // Per platform: the count and, of these, those naming the municipality. The
        // rest (not local) is a hidden cell: it is not shown but bounds what the
        // shown cells reveal.
        DraftBreakdown byPlatform{
            "observations.byPlatform", {"count", "localLink"}, {}, std::nullopt};
        std::vector<DisclosureControl::Cell> counts, locals, others;
        long long localTotal = 0;
        for (const auto& key : rowKeys(settings.platforms, platforms, false)) {
            const long long count = countOf(platforms, key), local = countOf(localPerPlatform, key);
            localTotal += local;
            auto c = control.addCell(count), l = control.addCell(local),
                 o = control.addCell(count - local, true);
            control.addSum(c, {l, o});
            counts.push_back(c);
            locals.push_back(l);
            others.push_back(o);
            byPlatform.rows.push_back(DraftRow{key, rowLabel(settings.platforms, key), {c, l}});
        }
        const auto localColumn = control.addCell(localTotal);
        const auto otherColumn = control.addCell(countedCases - localTotal, true);
        control.addSum(localColumn, locals);
        control.addSum(otherColumn, others);
        control.addSum(grand, counts);
        control.addSum(grand, {localColumn, otherColumn});
        byPlatform.totals = DraftRow{"TOTALT", "Totalt", {grand, localColumn}};

        auto byLanguage =
            countByCode(control, "observations.byLanguage", settings.languages, languages, grand);
        auto byNarrative = countByCode(control, "observations.byNarrative", settings.narratives,
                                       narratives, grand);
        if (withTimeline) {
            std::map<std::string, long long> perPlatform, perNarrative;
            long long unnamedPlatform = 0, unnamedNarrative = 0;
            for (const auto& item : figures.timeline) {
                if (item.platformCode == "..")
                    ++unnamedPlatform;
                else
                    ++perPlatform[item.platformCode];
                if (item.narrativeCode == "..")
                    ++unnamedNarrative;
                else
                    ++perNarrative[item.narrativeCode];
            }
            std::vector<DisclosureControl::Cell> smallPlatforms, smallNarratives;
            for (size_t r = 0; r < byPlatform.rows.size(); ++r) {
                const auto& row = byPlatform.rows[r];
                const auto local = row.cells[1];
                if (auto it = perPlatform.find(row.key); it != perPlatform.end())
                    control.addAtLeast({local}, it->second);
                if (control.value(local) < threshold || control.value(row.cells[0]) < threshold)
                    smallPlatforms.push_back(local);
            }
            for (const auto& row : byNarrative.rows) {
                if (auto it = perNarrative.find(row.key); it != perNarrative.end())
                    control.addAtLeast({row.cells[0]}, it->second);
                if (control.value(row.cells[0]) < threshold)
                    smallNarratives.push_back(row.cells[0]);
            }
            control.addAtLeast(smallPlatforms, unnamedPlatform);
            control.addAtLeast(smallNarratives, unnamedNarrative);
        }
        control.apply();
        return Built{std::move(control),    grand,
                     localColumn,           std::move(byPlatform),
                     std::move(byLanguage), std::move(byNarrative)};
    };
    // Should the list still narrow a protected count (e.g. two unnamed rows
    // among two small platforms), the report shows the tables and leaves the
    // list out rather than publish what it would reveal.
    std::optional<Built> built;
    try {
        built.emplace(build(!figures.timeline.empty()));
        if (!built->control.leaks().empty()) built.reset();
    } catch (const std::logic_error&) {
        built.reset();
    }
    if (!built) {
        figures.timelineWithheld = !figures.timeline.empty();
        figures.timeline.clear();
        built.emplace(build(false));
    }
    auto& control = built->control;
    const auto grand = built->grand;
    const auto localColumn = built->localColumn;
    const auto& byPlatform = built->byPlatform;
    const auto& byLanguage = built->byLanguage;
    const auto& byNarrative = built->byNarrative;
    figures.total = figure(control, grand);
    figures.localLink = figure(control, localColumn);
    figures.byPlatform = published(control, byPlatform);
    figures.byLanguage = published(control, byLanguage);
    figures.byNarrative = published(control, byNarrative);
    return figures;
}

enum class MeasureState { Done, Ongoing, Planned };

struct MeasureTally {
    const ReportDefinition* definition;
    ReportPeriod period, before;
    std::array<long long, 3> perState{};  // per MeasureState
    Counts perspectives, types;           // measures per perspective and per type row key
    std::map<std::pair<std::string, size_t>, long long, std::less<>> perPerspectiveState;
    std::map<std::pair<std::string, std::string>, long long, std::less<>> perTypePerspective;
    long long meetings = 0, participants = 0, donePrevious = 0, confidentialNotListed = 0;
    // The ongoing and planned measures the list may name, each with its case's key.
    std::vector<std::pair<std::string, PlannedMeasure>> planned;

    MeasureTally(const ReportDefinition& d, const ReportPeriod& p)
        : definition(&d), period(p), before(previousOf(p)) {}

    void add(const CaseRecord& record) {
        const auto& settings = definition->measures;
        const auto status = textProperty(record, settings.statusKey).value_or("");
        MeasureState state;
        if (contains(settings.doneStatuses, status)) {
            auto done = dateProperty(record, settings.doneDateKey);
            if (done && inPeriod(*done, before)) ++donePrevious;
            if (!done || !inPeriod(*done, period)) return;
            state = MeasureState::Done;
        } else if (contains(settings.ongoingStatuses, status) ||
                   contains(settings.plannedStatuses, status)) {
            if (!(record.registered <= period.to)) return;
            state = contains(settings.ongoingStatuses, status) ? MeasureState::Ongoing
                                                               : MeasureState::Planned;
        } else {
            return;
        }
        const auto type = textProperty(record, settings.typeKey);
        auto perspectiveKey =
            rowKey(settings.perspectives, textProperty(record, settings.perspectiveKey));
        auto typeKey = rowKey(settings.types, type);
        ++perState[static_cast<size_t>(state)];
        ++perspectives[perspectiveKey];
        ++types[typeKey];
        ++perPerspectiveState[{perspectiveKey, static_cast<size_t>(state)}];
        ++perTypePerspective[{typeKey, perspectiveKey}];

        // Information meetings held: shown in the text, so suppressed like the
        // type table's cells it is part of (its cell is added in finish()).
        if (state == MeasureState::Done && type == settings.meetingType) {
            ++meetings;
            participants += integerProperty(record, settings.participantsKey);
        }

        if (state == MeasureState::Done) return;
        if (record.confidentiality) {
            ++confidentialNotListed;
            return;
        }
        PlannedMeasure measure;
        measure.ongoing = state == MeasureState::Ongoing;
        measure.registered = record.registered;
        measure.typeCode = std::move(typeKey);
        measure.perspectiveCode = std::move(perspectiveKey);
        measure.statusCode = status;
        measure.type = rowLabel(settings.types, measure.typeCode);
        measure.perspective = rowLabel(settings.perspectives, measure.perspectiveCode);
        measure.status = rowLabel(settings.statuses, measure.statusCode);
        measure.responsibleUnit = textProperty(record, settings.responsibleUnitKey).value_or("");
        for (const auto& key : settings.plannedDateKeys)
            if (auto date = dateProperty(record, key)) {
                measure.date = date;
                break;
            }
        planned.emplace_back(caseKeyOf(record), std::move(measure));
    }

    void merge(MeasureTally&& other) {
        for (size_t s = 0; s < perState.size(); ++s) perState[s] += other.perState[s];
        addCounts(perspectives, other.perspectives);
        addCounts(types, other.types);
        addCounts(perPerspectiveState, other.perPerspectiveState);
        addCounts(perTypePerspective, other.perTypePerspective);
        meetings += other.meetings;
        participants += other.participants;
        donePrevious += other.donePrevious;
        confidentialNotListed += other.confidentialNotListed;
        appendMoved(planned, other.planned);
    }

    [[nodiscard]] MeasureFigures finish();
};

MeasureFigures MeasureTally::finish() {
    const auto& definition = *this->definition;
    const auto& settings = definition.measures;
    MeasureFigures figures;
    const int threshold =
        settings.concerns == Concerns::Persons ? definition.smallNumberThreshold : 1;
    auto stateCode = [&](MeasureState state) -> std::string {
        const auto& codes = state == MeasureState::Done      ? settings.doneStatuses
                            : state == MeasureState::Ongoing ? settings.ongoingStatuses
                                                             : settings.plannedStatuses;
        return codes.empty() ? std::string() : codes.front();
    };
    figures.participants = participants;
    figures.confidentialNotListed = confidentialNotListed;
    // By registration date, then type; then by case key (never by list position), then by
    // the item itself, so that the order is total even were two cases to share a key.
    std::sort(planned.begin(), planned.end(), [](const auto& a, const auto& b) {
        const auto& x = a.second;
        const auto& y = b.second;
        if (x.registered != y.registered) return x.registered < y.registered;
        if (x.type != y.type) return x.type < y.type;
        return std::tie(a.first, x.perspectiveCode, x.statusCode, x.responsibleUnit, x.date) <
               std::tie(b.first, y.perspectiveCode, y.statusCode, y.responsibleUnit, y.date);
    });
    for (auto& [key, measure] : planned) figures.planned.push_back(std::move(measure));
    planned.clear();
    const long long countedMeasures = perState[0] + perState[1] + perState[2];

    DisclosureControl control(threshold);
    const auto grand = control.addCell(countedMeasures);
    const std::vector<MeasureState> states{MeasureState::Done, MeasureState::Ongoing,
                                           MeasureState::Planned};

    // Per perspective × state. Every listed perspective is shown (the committee
    // asked for both), even with no measures.
    DraftBreakdown byPerspective{
        "measures.byPerspective", {"done", "ongoing", "planned", "total"}, {}, std::nullopt};
    std::map<std::string, DisclosureControl::Cell> perspectiveTotals;
    // The cells each listed (ongoing or planned) measure falls in, to check the list against.
    std::map<std::pair<std::string, size_t>, DisclosureControl::Cell> perspectiveStateCell;
    std::map<std::pair<std::string, std::string>, DisclosureControl::Cell> typePerspectiveCell;
    std::vector<std::vector<DisclosureControl::Cell>> stateColumns(states.size());
    std::vector<DisclosureControl::Cell> perspectiveTotalCells;
    for (const auto& key : rowKeys(settings.perspectives, perspectives, true)) {
        DraftRow row{key, rowLabel(settings.perspectives, key), {}};
        std::vector<DisclosureControl::Cell> cells;
        long long rowTotal = 0;
        for (size_t s = 0; s < states.size(); ++s) {
            const long long count = countOf(perPerspectiveState, std::pair(key, s));
            rowTotal += count;
            auto cell = control.addCell(count);
            cells.push_back(cell);
            stateColumns[s].push_back(cell);
            perspectiveStateCell[{key, s}] = cell;
        }
        auto total = control.addCell(rowTotal);
        control.addSum(total, cells);
        perspectiveTotals[key] = total;
        perspectiveTotalCells.push_back(total);
        row.cells = cells;
        row.cells.push_back(total);
        byPerspective.rows.push_back(std::move(row));
    }
    control.addSum(grand, perspectiveTotalCells);
    DraftRow totalsRow{"TOTALT", "Totalt", {}};
    DraftBreakdown byStatus{
        "measures.byStatus", {"count"}, {}, DraftRow{"TOTALT", "Totalt", {grand}}};
    std::vector<DisclosureControl::Cell> stateTotals;
    for (size_t s = 0; s < states.size(); ++s) {
        const long long count = perState[s];
        auto cell = control.addCell(count);
        control.addSum(cell, stateColumns[s]);
        stateTotals.push_back(cell);
        totalsRow.cells.push_back(cell);
        const auto code = stateCode(states[s]);
        byStatus.rows.push_back(DraftRow{code, rowLabel(settings.statuses, code), {cell}});
    }
    control.addSum(grand, stateTotals);
    totalsRow.cells.push_back(grand);
    byPerspective.totals = totalsRow;

    // Per type × listed perspective; measures of another or no perspective go
    // into a hidden column so that the row totals stay sums. The column totals
    // are the perspective table's row totals: the same cells.
    std::vector<std::string> columns;
    for (const auto& value : settings.perspectives.values) columns.push_back(value.code);
    DraftBreakdown byType{"measures.byType", columns, {}, std::nullopt};
    byType.columnKeys.push_back("total");
    std::map<std::string, std::vector<DisclosureControl::Cell>> typeColumns;
    std::vector<DisclosureControl::Cell> typeTotals;
    for (const auto& key : rowKeys(settings.types, types, false)) {
        DraftRow row{key, rowLabel(settings.types, key), {}};
        std::vector<DisclosureControl::Cell> members;
        long long rowTotal = 0, unlisted = 0;
        for (const auto& column : columns) {
            const long long count = countOf(perTypePerspective, std::pair(key, column));
            rowTotal += count;
            auto cell = control.addCell(count);
            members.push_back(cell);
            typeColumns[column].push_back(cell);
            typePerspectiveCell[{key, column}] = cell;
            row.cells.push_back(cell);
        }
        for (const auto& [perspective, count] : perspectives)
            if (!contains(columns, perspective))
                unlisted += countOf(perTypePerspective, std::pair(key, perspective));
        for (const char* extra : {kOther, kMissing}) {
            const long long count = countOf(perTypePerspective, std::pair(key, std::string(extra)));
            if (count == 0) continue;
            auto cell = control.addCell(count, true);
            members.push_back(cell);
            typeColumns[extra].push_back(cell);
        }
        auto total = control.addCell(rowTotal + unlisted);
        control.addSum(total, members);
        typeTotals.push_back(total);
        row.cells.push_back(total);
        byType.rows.push_back(std::move(row));
    }
    for (const auto& [column, cells] : typeColumns)
        if (perspectiveTotals.count(column)) control.addSum(perspectiveTotals[column], cells);
    control.addSum(grand, typeTotals);
    DraftRow typeTotalsRow{"TOTALT", "Totalt", {}};
    for (const auto& column : columns) typeTotalsRow.cells.push_back(perspectiveTotals[column]);
    typeTotalsRow.cells.push_back(grand);
    byType.totals = typeTotalsRow;

    const auto meetingsCell = control.addCell(meetings);

    control.apply();
    // The list of ongoing and planned measures names them one by one: it proves
    // "at least k" for the cells it falls in. Where that narrows a protected
    // count, the list is left out (the tables are already safe without it).
    if (threshold > 1 && !figures.planned.empty()) {
        std::map<DisclosureControl::Cell, long long> listed;
        for (const auto& measure : figures.planned) {
            const size_t s = measure.ongoing ? 1 : 2;
            if (auto it = perspectiveStateCell.find({measure.perspectiveCode, s});
                it != perspectiveStateCell.end())
                ++listed[it->second];
            if (auto it = typePerspectiveCell.find({measure.typeCode, measure.perspectiveCode});
                it != typePerspectiveCell.end())
                ++listed[it->second];
        }
        DisclosureControl withList = control;
        for (const auto& [cell, count] : listed) withList.addAtLeast({cell}, count);
        // The list is complete but for the confidential ones, whose number the text gives:
        // together they are the ongoing and planned totals exactly, not just "at least".
        // (Found by the independent publication audit: with "at least" only, a complete
        // list pinned a withheld ongoing count.)
        const auto listedAll = withList.addCell(static_cast<long long>(figures.planned.size()) +
                                                figures.confidentialNotListed);
        withList.addSum(listedAll, {stateTotals[1], stateTotals[2]});
        if (!withList.leaks().empty()) {
            figures.plannedWithheld = true;
            figures.planned.clear();
        }
    }
    figures.total = figure(control, grand);
    figures.meetingsHeld = figure(control, meetingsCell);
    figures.byPerspective = published(control, byPerspective);
    figures.byType = published(control, byType);
    figures.byStatus = published(control, byStatus);
    figures.donePreviousPeriod = standalone(donePrevious, threshold);

    return figures;
}

std::optional<Date> entryDate(const RegistryEntry& entry) {
    return entry.received ? entry.received : entry.drawnUp;
}

// "Anna Svensson (S)" -> "S"; empty when the name carries no party.
std::string partyOf(const std::string& name) {
    static const std::regex kParty(R"(\(([A-ZÅÄÖ]{1,4})\)\s*$)");
    std::smatch match;
    return std::regex_search(name, match, kParty) ? match[1].str() : std::string();
}

std::string withoutParty(std::string name) {
    static const std::regex kParty(R"(\s*\([^)]*\)\s*$)");
    return std::regex_replace(name, kParty, "");
}

std::optional<int> paragraphOf(const std::string& title) {
    static const std::regex kParagraph(R"(§\s*(\d{1,4}))");
    std::smatch match;
    if (std::regex_search(title, match, kParagraph)) return std::stoi(match[1].str());
    return std::nullopt;
}

std::string lowercase(std::string text) {
    for (size_t k = 0; k < text.size(); ++k) {
        auto& c = text[k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        // Å Ä Ö É in UTF-8 (C3 85, C3 84, C3 96, C3 89) to å ä ö é: "Återremiss" -> "återremiss".
        if (static_cast<unsigned char>(c) == 0xC3 && k + 1 < text.size()) {
            auto& next = text[k + 1];
            const auto n = static_cast<unsigned char>(next);
            if (n == 0x85 || n == 0x84 || n == 0x96 || n == 0x89)
                next = static_cast<char>(n + 0x20);
            ++k;
        }
    }
    return text;
}

bool isOrgan(const std::string& name, const ReportInput& input) {
    const auto& o = input.definition.organisation;
    const auto n = lowercase(name);
    for (const auto& organ : {o.committee, o.administration, o.municipality, o.authorUnit,
                              input.reportCase.organ, input.reportCase.unit})
        if (!organ.empty() && n == lowercase(organ)) return true;
    return false;
}

Background computeBackground(const ReportInput& input) {
    const auto& settings = input.definition.background;
    Background background;
    std::vector<const RegistryEntry*> entries;
    for (const auto& entry : input.caseEntries) entries.push_back(&entry);
    std::stable_sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
        auto da = entryDate(*a), db = entryDate(*b);
        if (da.has_value() != db.has_value()) return da.has_value();
        if (da && *da != *db) return *da < *db;
        return a->number < b->number;
    });

    const RegistryEntry* initiative = nullptr;
    for (const auto* entry : entries)
        if (contains(settings.initiativeDocumentTypes, entry->documentType.code)) {
            initiative = entry;
            break;
        }
    if (initiative) {
        background.received = entryDate(*initiative);
        for (const auto& sender : initiative->senders) {
            if (isOrgan(sender.name, input)) continue;
            ++background.initiators;
            const auto party = partyOf(sender.name);
            if (!party.empty() && !contains(background.parties, party))
                background.parties.push_back(party);
        }
    } else {
        background.received = input.reportCase.registered;
    }

    for (const auto* entry : entries) {
        if (entry->confidentiality) continue;
        const auto& type = entry->documentType.code;
        if (contains(settings.reportDocumentTypes, type)) continue;  // the report itself goes first
        const bool minutes = contains(settings.minutesDocumentTypes, type);
        if (minutes) {
            CommitteeDecision decision{entryDate(*entry), paragraphOf(entry->title),
                                       settings.defaultDecisionPhrase};
            // What the committee did is read from the extract's own words, never from the
            // case's title that it usually repeats ("... – Bordläggning av <ärendemening>").
            auto title = lowercase(entry->title);
            for (const auto& caseTitle : {input.reportCase.title, input.reportCase.publicTitle}) {
                const auto own = lowercase(caseTitle);
                if (own.empty()) continue;
                for (auto at = title.find(own); at != std::string::npos; at = title.find(own))
                    title.erase(at, own.size());
            }
            for (const auto& words : settings.decisionPhrases)
                if (!words.words.empty() &&
                    title.find(lowercase(words.words)) != std::string::npos) {
                    decision.phrase = words.phrase;
                    decision.assignment = words.assignment;
                    break;
                }
            background.decisions.push_back(decision);
        }
        auto label = settings.documentTypeLabels.find(type);
        if (label == settings.documentTypeLabels.end()) continue;
        background.basis.push_back(DocumentReference{
            label->second, entryDate(*entry), minutes ? paragraphOf(entry->title) : std::nullopt});
    }
    background.deadline = dateProperty(input.reportCase, settings.deadlineKey);
    if (!background.deadline) background.deadline = settings.deadline;
    return background;
}

PersonalDataScreen screenOf(const ReportInput& input, const std::vector<std::string>& officers,
                            const ReportOfficer& officer) {
    std::vector<std::string> names;
    auto add = [&](const std::string& name) {
        auto bare = withoutParty(name);
        const auto first = bare.find_first_not_of(" \t");
        if (first == std::string::npos) return;
        bare = bare.substr(first, bare.find_last_not_of(" \t") - first + 1);
        if (bare.size() < 3 || isOrgan(bare, input)) return;
        // The report's own handläggare and the head sign it in office capacity.
        if (lowercase(bare) == lowercase(officer.name) ||
            lowercase(bare) == lowercase(input.definition.organisation.headName))
            return;
        if (!contains(names, bare)) names.push_back(bare);
    };
    for (const auto& name : officers) add(name);
    for (const auto& entry : input.caseEntries) {
        for (const auto& party : entry.senders) add(party.name);
        for (const auto& party : entry.recipients) add(party.name);
    }
    return PersonalDataScreen{names};
}

}  // namespace

ReportPeriod defaultPeriod(const ReportDefinition& definition, Date reportDate) {
    const Date firstOfMonth{reportDate.year, reportDate.month, 1};
    return ReportPeriod{definition.defaultPeriodStart,
                        Date::fromDaysSinceEpoch(firstOfMonth.daysSinceEpoch() - 1)};
}

std::vector<std::string> countedCaseTypes(const ReportDefinition& definition) {
    return {definition.incidents.caseType, definition.observations.caseType,
            definition.measures.caseType};
}

std::vector<std::string> countedCaseFields(const ReportDefinition& definition,
                                           const std::string& caseType) {
    std::vector<std::string> fields{"systemId", "arendetyp", "registreringsdatum", "sekretess"};
    auto add = [&](std::initializer_list<const std::string*> keys) {
        for (const auto* key : keys)
            if (!key->empty() && !contains(fields, "egenskaper/" + *key))
                fields.push_back("egenskaper/" + *key);
    };
    if (caseType == definition.incidents.caseType) {
        const auto& s = definition.incidents;
        add({&s.dateKey, &s.categoryKey, &s.channelKey, &s.areaKey, &s.disinformationKey,
             &s.policeKey});
    }
    if (caseType == definition.observations.caseType) {
        const auto& s = definition.observations;
        add({&s.firstSeenKey, &s.platformKey, &s.languageKey, &s.reachKey, &s.narrativeKey,
             &s.localLinkKey, &s.actionKey});
    }
    if (caseType == definition.measures.caseType) {
        const auto& s = definition.measures;
        add({&s.typeKey, &s.perspectiveKey, &s.statusKey, &s.doneDateKey, &s.participantsKey,
             &s.responsibleUnitKey});
        for (const auto& key : s.plannedDateKeys) add({&key});
    }
    return fields;
}

struct CaseTally::State {
    const ReportDefinition* definition;
    ReportPeriod period;
    IncidentTally incidents;
    ObservationTally observations;
    MeasureTally measures;
    // Tens of thousands of cases share a few hundred handläggare: each distinct name is
    // kept once, with the least case key of the cases naming it, for the final check.
    std::map<std::string, std::string, std::less<>> officers;

    State(const ReportDefinition& d, const ReportPeriod& p)
        : definition(&d), period(p), incidents(d, p), observations(d, p), measures(d, p) {}
};

CaseTally::CaseTally(const ReportDefinition& definition, const ReportPeriod& period)
    : state_(std::make_unique<State>(definition, period)) {}
CaseTally::CaseTally(CaseTally&&) noexcept = default;
CaseTally& CaseTally::operator=(CaseTally&&) noexcept = default;
CaseTally::~CaseTally() = default;

void CaseTally::add(const CaseRecord& record) {
    auto& state = *state_;
    const auto& type = record.type.code;
    if (type == state.definition->incidents.caseType) state.incidents.add(record);
    if (type == state.definition->observations.caseType) state.observations.add(record);
    if (type == state.definition->measures.caseType) state.measures.add(record);
    if (record.officer) {
        const auto& key = caseKeyOf(record);
        const auto it = state.officers.find(record.officer->name);
        if (it == state.officers.end())
            state.officers.emplace(record.officer->name, key);
        else if (key < it->second)
            it->second = key;
    }
}

void CaseTally::merge(CaseTally&& other) {
    auto& state = *state_;
    auto& from = *other.state_;
    if (from.definition != state.definition || from.period.from != state.period.from ||
        from.period.to != state.period.to)
        throw std::invalid_argument("CaseTally::merge: a tally of another report");
    state.incidents.merge(from.incidents);
    state.observations.merge(std::move(from.observations));
    state.measures.merge(std::move(from.measures));
    for (auto& [name, key] : from.officers) {
        const auto [it, added] = state.officers.emplace(name, key);
        if (!added && key < it->second) it->second = key;
    }
    from.officers.clear();
}

ReportModel computeReport(const ReportInput& input) {
    CaseTally tally(input.definition, input.period);
    for (const auto& record : input.cases) tally.add(record);
    const ReportInput rest{input.definition, input.reportCase, input.caseEntries, {},
                           input.period,     input.reportDate};
    return computeReport(rest, std::move(tally));
}

ReportModel computeReport(const ReportInput& input, CaseTally&& tally) {
    const auto& definition = input.definition;
    if (!input.period.from.valid() || !input.period.to.valid() ||
        input.period.to < input.period.from)
        throw ReportError("Perioden " + input.period.from.iso() + "–" + input.period.to.iso() +
                          " är tom: välj ett startdatum som ligger före slutdatumet.");
    auto& state = *tally.state_;
    if (state.definition != &definition || state.period.from != input.period.from ||
        state.period.to != input.period.to)
        throw std::invalid_argument("computeReport: the cases were tallied for another report");
    if (!input.cases.empty())
        throw std::invalid_argument("computeReport: cases both in the input and in a tally");
    ReportModel model;
    model.definitionId = definition.id;
    model.period = input.period;
    model.previousPeriod = previousOf(input.period);
    model.reportDate = input.reportDate;
    model.threshold = definition.smallNumberThreshold;
    model.dnr = input.reportCase.dnr;
    model.title = input.reportCase.publicTitle.empty() ? input.reportCase.title
                                                       : input.reportCase.publicTitle;
    if (input.reportCase.officer) {
        const auto& officer = *input.reportCase.officer;
        model.officer = ReportOfficer{officer.name, officer.title, officer.unit, officer.email};
    }
    if (model.officer.unit.empty()) model.officer.unit = definition.organisation.authorUnit;

    model.incidents = state.incidents.finish();
    model.observations = state.observations.finish();
    model.measures = state.measures.finish();
    model.background = computeBackground(input);
    // In the order of each one's least case key (names are checked for, never output).
    std::vector<std::pair<std::string, std::string>> officers;
    for (const auto& [name, key] : state.officers) officers.emplace_back(key, name);
    std::sort(officers.begin(), officers.end());
    std::vector<std::string> officerNames;
    for (auto& [key, name] : officers) officerNames.push_back(std::move(name));
    model.screen = screenOf(input, officerNames, model.officer);
    // Before anything is written: what the report publishes is attacked once more, from the
    // published figures alone, so that a fault in the suppression itself is caught.
    auditPublication(model);
    return model;
}

}  // namespace committee_report::core
