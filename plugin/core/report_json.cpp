// toReportJson(): the model as computed, for checking and reuse. Counts are
// numbers, or "<5" (fewer than the threshold) and ".." (withheld) as strings.
#include <cstdio>
#include <sstream>

#include "committee_report.h"
#include "personal_data_guard.h"

namespace committee_report::core {

namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                    out += buffer;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// A small writer of pretty-printed JSON in insertion order.
class Json {
  public:
    void open(char bracket) {
        value();
        out_ << bracket;
        first_.push_back(true);
    }
    void close(char bracket) {
        const bool empty = first_.back();
        first_.pop_back();
        if (!empty) newline();
        out_ << bracket;
    }
    void key(std::string_view name) {
        separator();
        out_ << quoted(name) << ": ";
        afterKey_ = true;
    }
    void string(std::string_view text) {
        value();
        out_ << quoted(text);
    }
    void number(long long n) {
        value();
        out_ << n;
    }
    void figure(const Figure& f, int threshold) {
        switch (f.disclosure) {
            case Disclosure::Shown:
                number(f.value);
                break;
            case Disclosure::Small:
                string("<" + std::to_string(threshold));
                break;
            case Disclosure::Withheld:
                string("..");
                break;
        }
    }
    [[nodiscard]] std::string text() const { return out_.str() + "\n"; }

  private:
    void separator() {
        if (!first_.back()) out_ << ",";
        first_.back() = false;
        newline();
    }
    void value() {
        if (afterKey_) {
            afterKey_ = false;
            return;
        }
        if (!first_.empty()) separator();
    }
    void newline() { out_ << "\n" << std::string(2 * first_.size(), ' '); }

    std::ostringstream out_;
    std::vector<bool> first_;
    bool afterKey_ = false;
};

void writeBreakdown(Json& json, const Breakdown& b, int threshold) {
    json.open('{');
    for (const auto& row : b.rows) {
        json.key(row.key);
        if (row.cells.size() == 1) {
            json.figure(row.cells[0], threshold);
            continue;
        }
        json.open('{');
        for (size_t c = 0; c < row.cells.size() && c < b.columnKeys.size(); ++c) {
            json.key(b.columnKeys[c]);
            json.figure(row.cells[c], threshold);
        }
        json.close('}');
    }
    json.close('}');
}

}  // namespace

std::string toReportJson(const ReportModel& model) {
    const int t = model.threshold;
    Json json;
    json.open('{');
    json.key("report");
    json.string(model.definitionId);
    json.key("dnr");
    json.string(model.dnr);
    json.key("reportDate");
    json.string(model.reportDate.iso());
    json.key("period");
    json.open('{');
    json.key("from");
    json.string(model.period.from.iso());
    json.key("to");
    json.string(model.period.to.iso());
    json.close('}');
    json.key("disclosure");
    json.open('{');
    json.key("threshold");
    json.number(t);
    json.key("<" + std::to_string(t));
    json.string("färre än " + std::to_string(t));
    json.key("..");
    json.string("Uppgiften utelämnas för att skydda enskilda");
    json.close('}');

    json.key("figures");
    json.open('{');

    const auto& i = model.incidents;
    json.key("incidents");
    json.open('{');
    json.key("total");
    json.figure(i.total, t);
    json.key("disinformationLinked");
    json.figure(i.disinformationLinked, t);
    json.key("policeReported");
    json.figure(i.policeReported, t);
    json.key("withoutEventDate");
    json.number(i.withoutEventDate);
    // Per period: quarters, or half-years or years where quarters would mostly be withheld,
    // as table 1 and its chart show them. "byQuarter" is kept for readers of quarters only.
    json.key("periodUnit");
    json.string(i.periodUnit == PeriodUnit::Quarter    ? "quarter"
                : i.periodUnit == PeriodUnit::HalfYear ? "halfYear"
                                                       : "year");
    json.key("byPeriod");
    writeBreakdown(json, i.byQuarter, t);
    if (i.periodUnit == PeriodUnit::Quarter) {
        json.key("byQuarter");
        writeBreakdown(json, i.byQuarter, t);
    }
    json.key("byCategory");
    writeBreakdown(json, i.byCategory, t);
    json.key("byChannel");
    writeBreakdown(json, i.byChannel, t);
    json.key("byArea");
    writeBreakdown(json, i.byArea, t);
    json.close('}');

    const auto& o = model.observations;
    json.key("observations");
    json.open('{');
    json.key("total");
    json.figure(o.total, t);
    json.key("localLink");
    json.figure(o.localLink, t);
    json.key("withoutFirstSeen");
    json.number(o.withoutFirstSeen);
    json.key("byPlatform");
    writeBreakdown(json, o.byPlatform, t);
    json.key("byLanguage");
    writeBreakdown(json, o.byLanguage, t);
    json.key("byNarrative");
    writeBreakdown(json, o.byNarrative, t);
    json.key("timeline");
    json.open('[');
    for (const auto& item : o.timeline) {
        json.open('{');
        json.key("firstSeen");
        json.string(item.firstSeen.iso());
        json.key("platform");
        json.string(item.platformCode);
        json.key("reach");
        json.string(item.reachCode);
        json.key("narrative");
        json.string(item.narrativeCode);
        json.key("action");
        json.string(item.actionCode);
        json.close('}');
    }
    json.close(']');
    json.close('}');

    const auto& m = model.measures;
    json.key("measures");
    json.open('{');
    json.key("total");
    json.figure(m.total, t);
    json.key("byPerspective");
    writeBreakdown(json, m.byPerspective, t);
    json.key("byType");
    writeBreakdown(json, m.byType, t);
    json.key("byStatus");
    writeBreakdown(json, m.byStatus, t);
    json.key("planned");
    json.open('[');
    for (const auto& measure : m.planned) {
        json.open('{');
        json.key("type");
        json.string(measure.typeCode);
        json.key("perspective");
        json.string(measure.perspectiveCode);
        json.key("responsibleUnit");
        json.string(measure.responsibleUnit);
        json.key("status");
        json.string(measure.statusCode);
        json.key("date");
        if (measure.date)
            json.string(measure.date->iso());
        else
            json.string("");
        json.close('}');
    }
    json.close(']');
    json.close('}');

    json.key("meetings");
    json.open('{');
    json.key("count");
    json.figure(m.meetingsHeld, t);
    json.key("participants");
    json.number(m.participants);
    json.close('}');

    json.close('}');  // figures
    json.close('}');
    auto text = json.text();
    verifyNoPersonalData(text, "report.json", model.screen);
    return text;
}

}  // namespace committee_report::core
