#include "national_facts.h"

#include <algorithm>

#include "report_error.h"
#include "swedish_format.h"

namespace committee_report::core {

namespace {

const FactSource* find(const NationalFacts& facts, const std::string& id) {
    for (const auto& source : facts.sources)
        if (source.id == id) return &source;
    return nullptr;
}

std::string firstWords(const std::string& text) {
    return text.size() <= 60 ? text : text.substr(0, 60) + "…";
}

std::string publicationText(const FactSource& source) {
    static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                          "maj",       "juni",     "juli",     "augusti",
                                          "september", "oktober",  "november", "december"};
    switch (source.precision) {
        case FactSource::Precision::Year:
            return std::to_string(source.published.year);
        case FactSource::Precision::Month:
            return std::string(kMonths[source.published.month - 1]) + " " +
                   std::to_string(source.published.year);
        case FactSource::Precision::Day:
            break;
    }
    return longDate(source.published);
}

}  // namespace

Date latestPublication(const FactSource& source) {
    const auto& p = source.published;
    switch (source.precision) {
        case FactSource::Precision::Year:
            return Date{p.year, 12, 31};
        case FactSource::Precision::Month: {
            const Date next = p.month == 12 ? Date{p.year + 1, 1, 1} : Date{p.year, p.month + 1, 1};
            return Date::fromDaysSinceEpoch(next.daysSinceEpoch() - 1);
        }
        case FactSource::Precision::Day:
            break;
    }
    return p;
}

void verifyFactsAreSourced(const NationalFacts& facts) {
    for (const auto& fact : facts.facts) {
        if (fact.sources.empty())
            throw ReportError("Faktauppgiften ”" + firstWords(fact.statement) +
                              "” saknar källa. Ange minst en källa (cite) i faktafilen, eller "
                              "ta bort uppgiften.");
        for (const auto& id : fact.sources)
            if (!find(facts, id))
                throw ReportError("Faktauppgiften ”" + firstWords(fact.statement) +
                                  "” hänvisar till källan " + id +
                                  ", som inte finns i faktafilen. Lägg till källan med "
                                  "författare, titel och datum.");
    }
}

FactText factsForReport(const NationalFacts& facts, Date reportDate) {
    verifyFactsAreSourced(facts);
    FactText text;
    std::vector<std::string> cited;  // source ids in order of first citation
    for (const auto& topic : facts.topics) {
        auto& paragraphs = text.paragraphsByTopic[topic];
        for (const auto& fact : facts.facts) {
            if (fact.topic != topic) continue;
            bool published = true;
            for (const auto& id : fact.sources)
                published = published && latestPublication(*find(facts, id)) <= reportDate;
            if (!published) continue;  // the report's date knows nothing of it
            const bool inForce = !fact.validFrom || *fact.validFrom <= reportDate;
            const auto& statement = inForce ? fact.statement : fact.statementBefore;
            if (statement.empty()) continue;
            std::vector<std::string> numbers;
            for (const auto& id : fact.sources) {
                auto it = std::find(cited.begin(), cited.end(), id);
                if (it == cited.end()) it = cited.insert(cited.end(), id);
                numbers.push_back(std::to_string(it - cited.begin() + 1));
            }
            std::string references;
            for (const auto& n : numbers) references += (references.empty() ? "" : ", ") + n;
            paragraphs.push_back(statement + " [" + references + "]");
        }
    }
    for (size_t i = 0; i < cited.size(); ++i) {
        const auto& source = *find(facts, cited[i]);
        text.sources.push_back("[" + std::to_string(i + 1) + "] " + source.author + ": " +
                               source.title + ". " + capitalized(publicationText(source)) + ".");
    }
    return text;
}

}  // namespace committee_report::core
