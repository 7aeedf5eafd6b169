#include "publication_audit.h"

#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

#include "linear_bounds.h"

namespace committee_report::core {
namespace {

// What a reader knows of one figure group, built from the published model only.
class Reader {
  public:
    explicit Reader(int threshold) : threshold_(threshold) {}

    // A published figure: a number if shown, else an unknown with what "färre än 5"
    // (1..threshold-1) or ".." (any count) tells the reader, watched for leaks.
    struct Term {
        std::optional<LinearBounds::Variable> variable;
        double constant = 0;
    };
    Term figure(const Figure& f, const std::string& table, const std::string& row,
                const std::string& column) {
        if (f.shown()) return Term{std::nullopt, static_cast<double>(f.value)};
        Bounds prior;
        if (f.disclosure == Disclosure::Small)
            prior = Bounds{1, static_cast<double>(threshold_ - 1)};
        const auto variable = bounds_.addVariable(prior);
        watched_.push_back(Watched{variable, PublicationLeak{table, row, column, 0, 0}});
        return Term{variable, 0};
    }
    // A count the report does not publish at all (e.g. observations without a local link).
    Term unpublished() { return Term{bounds_.addVariable(Bounds{}), 0}; }

    // sum of coefficient * term == 0
    void equal(const std::vector<std::pair<Term, double>>& terms) {
        std::vector<std::pair<LinearBounds::Variable, double>> unknown;
        double rest = 0;
        for (const auto& [term, coefficient] : terms) {
            if (term.variable)
                unknown.emplace_back(*term.variable, coefficient);
            else
                rest -= coefficient * term.constant;
        }
        if (!unknown.empty()) bounds_.addEquality(std::move(unknown), rest);
    }
    // total == sum of parts
    void sum(const Term& total, const std::vector<Term>& parts) {
        std::vector<std::pair<Term, double>> terms{{total, -1.0}};
        for (const auto& part : parts) terms.emplace_back(part, 1.0);
        equal(terms);
    }
    // A list shows `count` items that each fall in `term`.
    void atLeast(const Term& term, long long count) {
        if (term.variable && count > 0)
            bounds_.addAtLeast({*term.variable}, static_cast<double>(count));
    }

    void findLeaks(std::vector<PublicationLeak>& leaks) const {
        if (watched_.empty() || threshold_ <= 1) return;
        const auto solved = bounds_.solve();
        for (const auto& w : watched_) {
            const auto& b = solved.at(w.variable);
            if (b.unbounded()) continue;
            const auto low = static_cast<long long>(std::llround(b.low));
            const auto high = static_cast<long long>(std::llround(b.high));
            if (high - low >= std::max(1, threshold_ - 2)) continue;
            auto leak = w.where;
            leak.low = low;
            leak.high = high;
            leaks.push_back(std::move(leak));
        }
    }

  private:
    struct Watched {
        LinearBounds::Variable variable;
        PublicationLeak where;
    };
    int threshold_;
    LinearBounds bounds_;
    std::vector<Watched> watched_;
};

using Term = Reader::Term;

std::string columnKey(const Breakdown& b, std::size_t column) {
    return column < b.columnKeys.size() ? b.columnKeys[column] : std::to_string(column);
}

// The table's published cells as terms: rows[r][c], and the totals row if any.
struct Table {
    std::vector<std::vector<Term>> rows;
    std::optional<std::vector<Term>> totals;
};

Table readTable(Reader& reader, const Breakdown& b) {
    Table table;
    for (const auto& row : b.rows) {
        std::vector<Term> cells;
        for (std::size_t c = 0; c < row.cells.size(); ++c)
            cells.push_back(reader.figure(row.cells[c], b.id, row.label, columnKey(b, c)));
        table.rows.push_back(std::move(cells));
    }
    if (b.totals) {
        std::vector<Term> cells;
        for (std::size_t c = 0; c < b.totals->cells.size(); ++c)
            cells.push_back(
                reader.figure(b.totals->cells[c], b.id, b.totals->label, columnKey(b, c)));
        table.totals = std::move(cells);
    }
    return table;
}

std::vector<Term> column(const Table& table, std::size_t c) {
    std::vector<Term> cells;
    for (const auto& row : table.rows)
        if (c < row.size()) cells.push_back(row[c]);
    return cells;
}

// Every column of the table adds up to its totals row.
void columnsAddUp(Reader& reader, const Table& table) {
    if (!table.totals) return;
    for (std::size_t c = 0; c < table.totals->size(); ++c)
        reader.sum((*table.totals)[c], column(table, c));
}

// In every row (and the totals row) the last cell is the sum of the others.
void rowsAddUp(Reader& reader, const Table& table) {
    auto add = [&](const std::vector<Term>& row) {
        if (row.size() < 2) return;
        reader.sum(row.back(), std::vector<Term>(row.begin(), row.end() - 1));
    };
    for (const auto& row : table.rows) add(row);
    if (table.totals) add(*table.totals);
}

std::optional<std::size_t> rowIndex(const Breakdown& b, const std::string& key) {
    for (std::size_t r = 0; r < b.rows.size(); ++r)
        if (b.rows[r].key == key) return r;
    return std::nullopt;
}

std::optional<std::size_t> columnIndex(const Breakdown& b, const std::string& key) {
    for (std::size_t c = 0; c < b.columnKeys.size(); ++c)
        if (b.columnKeys[c] == key) return c;
    return std::nullopt;
}

void auditIncidents(const ReportModel& model, std::vector<PublicationLeak>& leaks) {
    const auto& i = model.incidents;
    Reader reader(model.threshold);
    const auto total = reader.figure(i.total, "incidents.total", "", "");
    const auto linked =
        reader.figure(i.disinformationLinked, "incidents.disinformationLinked", "", "");
    const auto police = reader.figure(i.policeReported, "incidents.policeReported", "", "");
    reader.sum(total, {police, reader.unpublished()});

    // Per period, split by link: linked + other = total in each row and in the totals row.
    const auto periods = readTable(reader, i.byQuarter);
    rowsAddUp(reader, periods);
    columnsAddUp(reader, periods);
    if (periods.totals && periods.totals->size() == 3) {
        reader.sum(total, {periods.totals->at(2)});
        reader.sum(linked, {periods.totals->at(0)});
    } else if (!i.byQuarter.columnKeys.empty()) {
        reader.sum(total, column(periods, i.byQuarter.columnKeys.size() - 1));
    }
    for (const auto* b : {&i.byCategory, &i.byChannel, &i.byArea}) {
        const auto table = readTable(reader, *b);
        if (table.totals) {
            columnsAddUp(reader, table);
            reader.sum(total, {table.totals->at(0)});
        } else {
            reader.sum(total, column(table, 0));
        }
    }
    reader.findLeaks(leaks);
}

void auditObservations(const ReportModel& model, std::vector<PublicationLeak>& leaks) {
    const auto& o = model.observations;
    Reader reader(model.threshold);
    const auto total = reader.figure(o.total, "observations.total", "", "");
    const auto local = reader.figure(o.localLink, "observations.localLink", "", "");

    // Per platform: count, of which naming the municipality (the rest is not published).
    const auto platforms = readTable(reader, o.byPlatform);
    for (const auto& row : platforms.rows)
        if (row.size() == 2) reader.sum(row[0], {row[1], reader.unpublished()});
    columnsAddUp(reader, platforms);
    if (platforms.totals) {
        reader.sum(total, {platforms.totals->at(0)});
        if (platforms.totals->size() > 1) reader.sum(local, {platforms.totals->at(1)});
    } else {
        reader.sum(total, column(platforms, 0));
        if (o.byPlatform.columnKeys.size() > 1) reader.sum(local, column(platforms, 1));
    }
    const auto languages = readTable(reader, o.byLanguage);
    const auto narratives = readTable(reader, o.byNarrative);
    for (const auto* table : {&languages, &narratives}) {
        if (table->totals) {
            columnsAddUp(reader, *table);
            reader.sum(total, {table->totals->at(0)});
        } else {
            reader.sum(total, column(*table, 0));
        }
    }
    // The timeline lists items one by one: at least that many per platform and narrative.
    std::map<std::string, long long> perPlatform, perNarrative;
    for (const auto& item : o.timeline) {
        ++perPlatform[item.platformCode];
        ++perNarrative[item.narrativeCode];
    }
    for (const auto& [code, count] : perPlatform)
        if (auto r = rowIndex(o.byPlatform, code)) reader.atLeast(platforms.rows[*r][0], count);
    for (const auto& [code, count] : perNarrative)
        if (auto r = rowIndex(o.byNarrative, code)) reader.atLeast(narratives.rows[*r][0], count);
    reader.atLeast(total, static_cast<long long>(o.timeline.size()));
    reader.findLeaks(leaks);
}

// The type table's row of information meetings, as a reader links the text's
// "informationsmöten" to it: by the shipped code, or by its label.
bool isMeetingRow(const BreakdownRow& row) {
    if (row.key == "INFORMATIONSMOTE") return true;
    const std::string word = "nformationsmöte";
    return row.label.size() == word.size() + 1 && row.label.compare(1, word.size(), word) == 0 &&
           (row.label[0] == 'I' || row.label[0] == 'i');
}

void auditMeasures(const ReportModel& model, std::vector<PublicationLeak>& leaks) {
    const auto& m = model.measures;
    Reader reader(model.threshold);
    const auto total = reader.figure(m.total, "measures.total", "", "");

    // Per perspective: done + ongoing + planned = total; the columns add up to the totals row.
    const auto perspectives = readTable(reader, m.byPerspective);
    rowsAddUp(reader, perspectives);
    columnsAddUp(reader, perspectives);
    if (perspectives.totals) reader.sum(total, {perspectives.totals->back()});

    // Per status: the same three counts as the perspective table's totals row.
    const auto statuses = readTable(reader, m.byStatus);
    if (statuses.totals) reader.sum(total, {statuses.totals->at(0)});
    reader.sum(total, column(statuses, 0));
    if (perspectives.totals)
        for (std::size_t s = 0; s < statuses.rows.size() && s + 1 < perspectives.totals->size();
             ++s)
            reader.sum(perspectives.totals->at(s), {statuses.rows[s][0]});

    // Per type × perspective: measures of no listed perspective are in no column, so a row's
    // total is its perspectives plus an unpublished rest; a perspective's column adds up to
    // that perspective's total in the perspective table.
    const auto types = readTable(reader, m.byType);
    const std::size_t typeColumns = m.byType.columnKeys.size();
    for (const auto& row : types.rows) {
        if (row.size() < 2) continue;
        std::vector<Term> parts(row.begin(), row.end() - 1);
        parts.push_back(reader.unpublished());
        reader.sum(row.back(), parts);
    }
    if (typeColumns > 0) reader.sum(total, column(types, typeColumns - 1));
    for (std::size_t c = 0; c + 1 < typeColumns; ++c)
        if (auto r = rowIndex(m.byPerspective, m.byType.columnKeys[c]))
            reader.sum(perspectives.rows[*r].back(), column(types, c));

    // The list of ongoing and planned measures shows each one: at least that many per cell.
    // With the number of confidential ones it leaves out (stated in the text), the list gives
    // the ongoing and planned counts exactly.
    std::map<std::pair<std::string, std::size_t>, long long> perPerspectiveState;
    std::map<std::pair<std::string, std::string>, long long> perTypePerspective;
    long long ongoing = 0, planned = 0;
    for (const auto& item : m.planned) {
        ++perPerspectiveState[{item.perspectiveCode, item.ongoing ? 1u : 2u}];
        ++perTypePerspective[{item.typeCode, item.perspectiveCode}];
        ++(item.ongoing ? ongoing : planned);
    }
    for (const auto& [key, count] : perPerspectiveState)
        if (auto r = rowIndex(m.byPerspective, key.first);
            r && key.second < perspectives.rows[*r].size())
            reader.atLeast(perspectives.rows[*r][key.second], count);
    for (const auto& [key, count] : perTypePerspective) {
        auto r = rowIndex(m.byType, key.first);
        auto c = columnIndex(m.byType, key.second);
        if (r && c) reader.atLeast(types.rows[*r][*c], count);
    }
    if (statuses.rows.size() == 3) {
        reader.atLeast(statuses.rows[1][0], ongoing);
        reader.atLeast(statuses.rows[2][0], planned);
        if (!m.plannedWithheld && !m.planned.empty())
            reader.equal({{statuses.rows[1][0], 1.0},
                          {statuses.rows[2][0], 1.0},
                          {Term{std::nullopt,
                                static_cast<double>(ongoing + planned + m.confidentialNotListed)},
                           -1.0}});
    }
    // Information meetings held (part 3's "Vid tolv informationsmöten …") are done measures
    // of the meeting type: at most the done measures, and at most the meeting row of the
    // type table, which a reader finds by its name. The count is of the administration's
    // meetings, not of persons, but where the report definition says measures concern
    // persons it is withheld like the cells it is part of, so it is linked to them here.
    // (The number of people reached is not a count a cell protects: it is the sum of
    // attendance at public meetings, stated only beside a shown number of meetings.)
    const auto meetings = reader.figure(m.meetingsHeld, "measures.meetingsHeld", "", "");
    auto atMost = [&](const Term& part, const Term& whole) {
        reader.sum(whole, {part, reader.unpublished()});
    };
    atMost(meetings, total);
    if (!statuses.rows.empty() && !statuses.rows[0].empty()) atMost(meetings, statuses.rows[0][0]);
    for (std::size_t r = 0; r < m.byType.rows.size(); ++r)
        if (isMeetingRow(m.byType.rows[r]) && !types.rows[r].empty())
            atMost(meetings, types.rows[r].back());
    reader.findLeaks(leaks);
}

}  // namespace

std::vector<PublicationLeak> findPublicationLeaks(const ReportModel& model) {
    std::vector<PublicationLeak> leaks;
    try {
        auditIncidents(model, leaks);
        auditObservations(model, leaks);
        auditMeasures(model, leaks);
    } catch (const std::logic_error&) {
        // The published figures contradict each other (a table's rows do not add up to
        // its total): the report is wrong, whatever it protects.
        throw PublicationLeakError(
            "Rapporten skapas inte: tabellerna i rapporten stämmer inte med varandra (en summa "
            "motsvarar inte sina delar). Det är ett fel i programmet, inte i diariet. Kontakta "
            "systemförvaltningen och bifoga körningens logg.");
    }
    return leaks;
}

void auditPublication(const ReportModel& model) {
    const auto leaks = findPublicationLeaks(model);
    if (leaks.empty()) return;
    std::string where;
    for (std::size_t k = 0; k < leaks.size() && k < 3; ++k) {
        if (!where.empty()) where += "; ";
        where += leaks[k].table;
        if (!leaks[k].row.empty()) where += ", raden ”" + leaks[k].row + "”";
        if (!leaks[k].column.empty()) where += ", kolumnen " + leaks[k].column;
    }
    if (leaks.size() > 3) where += " med flera";
    // The ranges are not in the message: they would give away the protected counts.
    throw PublicationLeakError(
        "Rapporten skapas inte: en uppgift som redovisas som ”färre än " +
        std::to_string(model.threshold) +
        "” eller ”..” går att räkna fram eller ringa in med hjälp av andra uppgifter i rapporten "
        "(" +
        where +
        "). Inget har skrivits till diariet. Det är ett fel i röjandekontrollen; kontakta "
        "systemförvaltningen och bifoga körningens logg.");
}

}  // namespace committee_report::core
