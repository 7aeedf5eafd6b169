#include "report_definition_loader.h"

#include <sstream>

#include "xml_schema_validation.h"

namespace committee_report::config {

namespace {

using core::CodeList;
using core::ReportDefinition;

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> list;
    for (std::string word; in >> word;) list.push_back(word);
    return list;
}

// The schema guarantees the element exists; a missing one is a programming error.
const xmlNode* child(const xmlNode* node, const char* name) {
    const xmlNode* found = firstChild(node, name);
    if (!found)
        throw XmlFileError(std::string("Rapportdefinitionen saknar elementet ") + name + ".");
    return found;
}

std::string keyOf(const xmlNode* parent, const char* name) {
    return attribute(child(parent, name), "key");
}

CodeList codeList(const xmlNode* node, std::string* key = nullptr) {
    CodeList list;
    for (const auto* code : childElements(node, "code"))
        list.values.push_back({attribute(code, "value"), nodeText(code)});
    list.otherLabel = attribute(node, "other", list.otherLabel);
    list.missingLabel = attribute(node, "missing", list.missingLabel);
    if (key) *key = attribute(node, "key");
    return list;
}

core::Date date(const std::string& text, const std::string& what) {
    auto parsed = core::Date::parse(text);
    if (!parsed)
        throw XmlFileError("Rapportdefinitionen har ett ogiltigt datum i " + what + ": " + text);
    return *parsed;
}

core::FactSource::Precision precision(const std::string& text) {
    if (text == "year") return core::FactSource::Precision::Year;
    if (text == "month") return core::FactSource::Precision::Month;
    return core::FactSource::Precision::Day;
}

core::NationalFacts readFacts(const std::filesystem::path& file) {
    const auto doc = loadValidated(file, "national-facts.xsd");
    const auto* root = xmlDocGetRootElement(doc.get());
    core::NationalFacts facts;
    const auto where = " (" + file.string() + ")";
    for (const auto* topic : childElements(root, "topic"))
        facts.topics.push_back(attribute(topic, "id"));
    for (const auto* source : childElements(root, "source")) {
        const auto* published = child(source, "published");
        facts.sources.push_back(core::FactSource{
            attribute(source, "id"), nodeText(child(source, "author")),
            nodeText(child(source, "title")), date(nodeText(published), "source" + where),
            precision(attribute(published, "precision", "day"))});
    }
    for (const auto* node : childElements(root, "fact")) {
        core::NationalFact fact;
        fact.topic = attribute(node, "topic");
        fact.statement = nodeText(child(node, "statement"));
        if (const auto* before = firstChild(node, "statement-before"))
            fact.statementBefore = nodeText(before);
        if (auto from = attribute(node, "valid-from", ""); !from.empty())
            fact.validFrom = date(from, "fact" + where);
        for (const auto* cite : childElements(node, "cite"))
            fact.sources.push_back(attribute(cite, "source"));
        facts.facts.push_back(std::move(fact));
    }
    return facts;
}

ReportDefinition read(const xmlNode* root, const std::filesystem::path& base) {
    ReportDefinition d;
    d.id = attribute(root, "id");
    d.templateFile = (base / nodeText(child(root, "template"))).lexically_normal();
    if (const auto* facts = firstChild(root, "facts"))
        d.facts = readFacts((base / nodeText(facts)).lexically_normal());

    const auto* org = child(root, "organisation");
    d.organisation.municipality = nodeText(child(org, "municipality"));
    d.organisation.administration = nodeText(child(org, "administration"));
    d.organisation.committee = nodeText(child(org, "committee"));
    d.organisation.headName = nodeText(child(org, "head"));
    d.organisation.headTitle = attribute(child(org, "head"), "title");
    d.organisation.authorUnit = nodeText(child(org, "author-unit"));

    d.defaultPeriodStart = date(attribute(child(root, "period"), "default-start"), "period");
    d.smallNumberThreshold =
        std::stoi(attribute(child(root, "disclosure"), "small-number-threshold"));
    auto concerns = [&](const auto* group) {
        return attribute(group, "concerns") == "organisation" ? core::Concerns::Organisation
                                                              : core::Concerns::Persons;
    };

    const auto* inc = child(root, "incidents");
    auto& i = d.incidents;
    i.caseType = attribute(inc, "case-type");
    i.concerns = concerns(inc);
    i.dateKey = keyOf(inc, "date");
    i.categories = codeList(child(inc, "categories"), &i.categoryKey);
    i.channels = codeList(child(inc, "channels"), &i.channelKey);
    i.areas = codeList(child(inc, "areas"), &i.areaKey);
    i.disinformationKey = keyOf(inc, "disinformation-link");
    i.disinformationLinkedValues = words(attribute(child(inc, "disinformation-link"), "linked"));
    i.policeKey = keyOf(inc, "police-report");
    i.notReportedValues = words(attribute(child(inc, "police-report"), "not-reported"));

    const auto* obs = child(root, "observations");
    auto& o = d.observations;
    o.caseType = attribute(obs, "case-type");
    o.concerns = concerns(obs);
    o.firstSeenKey = keyOf(obs, "first-seen");
    o.platforms = codeList(child(obs, "platforms"), &o.platformKey);
    o.languages = codeList(child(obs, "languages"), &o.languageKey);
    o.reaches = codeList(child(obs, "reaches"), &o.reachKey);
    o.narratives = codeList(child(obs, "narratives"), &o.narrativeKey);
    o.actions = codeList(child(obs, "actions"), &o.actionKey);
    o.localLinkKey = keyOf(obs, "local-link");
    const auto* timeline = child(obs, "timeline");
    o.timelineReaches = words(attribute(timeline, "reaches"));
    const auto localOnly = attribute(timeline, "local-link-only", "true");
    o.timelineLocalOnly = localOnly == "true" || localOnly == "1";
    o.timelineReachText = attribute(timeline, "reach-text");

    const auto* mea = child(root, "measures");
    auto& m = d.measures;
    m.caseType = attribute(mea, "case-type");
    m.concerns = concerns(mea);
    m.types = codeList(child(mea, "types"), &m.typeKey);
    m.perspectives = codeList(child(mea, "perspectives"), &m.perspectiveKey);
    const auto* statuses = child(mea, "statuses");
    m.statuses = codeList(statuses, &m.statusKey);
    m.doneStatuses = words(attribute(statuses, "done"));
    m.ongoingStatuses = words(attribute(statuses, "ongoing"));
    m.plannedStatuses = words(attribute(statuses, "planned"));
    m.doneDateKey = keyOf(mea, "done-date");
    m.plannedDateKeys = words(attribute(child(mea, "planned-date"), "keys"));
    m.participantsKey = keyOf(mea, "participants");
    m.responsibleUnitKey = keyOf(mea, "responsible-unit");
    m.meetingType = attribute(child(mea, "meetings"), "type");

    const auto* bg = child(root, "background");
    auto& b = d.background;
    b.initiativeDocumentTypes.clear();
    b.minutesDocumentTypes.clear();
    b.reportDocumentTypes.clear();
    for (const auto* type : childElements(bg, "document-type")) {
        const auto code = attribute(type, "code");
        const auto role = attribute(type, "role", "basis");
        b.documentTypeLabels[code] = nodeText(type);
        if (role == "initiative") b.initiativeDocumentTypes.push_back(code);
        if (role == "minutes") b.minutesDocumentTypes.push_back(code);
        if (role == "report") b.reportDocumentTypes.push_back(code);
    }
    for (const auto* party : childElements(bg, "party"))
        b.parties[attribute(party, "code")] = nodeText(party);
    for (const auto* decision : childElements(bg, "decision"))
        b.decisionPhrases.push_back({attribute(decision, "words"), nodeText(decision),
                                     attribute(decision, "assignment", "false") == "true"});
    b.defaultDecisionPhrase = nodeText(child(bg, "default-decision"));
    const auto* deadline = child(bg, "deadline");
    b.deadlineKey = attribute(deadline, "key");
    if (auto text = nodeText(deadline); !text.empty()) b.deadline = date(text, "deadline");
    for (const auto* question : childElements(bg, "question"))
        b.questions.push_back(nodeText(question));

    const auto* texts = child(root, "texts");
    for (const auto* proposal : childElements(texts, "proposal"))
        d.decisionProposals.push_back(nodeText(proposal));
    for (const auto* recipient : childElements(texts, "recipient"))
        d.recipients.push_back(nodeText(recipient));
    d.keywords = nodeText(child(texts, "keywords"));

    const auto* out = child(root, "output");
    for (const auto* field : childElements(out, "field"))
        d.output.fields[attribute(field, "name")] = attribute(field, "content");
    for (const auto* part : childElements(out, "part")) {
        for (const auto* section : childElements(part, "section"))
            d.output.blocks[attribute(section, "name")] = attribute(section, "content");
        for (const auto* table : childElements(part, "table")) {
            const auto totals = attribute(table, "totals-row", "true");
            d.output.tables[attribute(table, "name")] =
                core::TableBinding{attribute(table, "content"), totals == "true" || totals == "1"};
        }
        for (const auto* chart : childElements(part, "chart"))
            d.output.charts[attribute(chart, "name")] = attribute(chart, "content");
    }
    return d;
}

}  // namespace

core::ReportDefinition parseReportDefinition(std::string_view xml, std::string_view displayName,
                                             const std::filesystem::path& baseDirectory) {
    const auto doc = parseValidated(xml, displayName, "report-definition.xsd");
    return read(xmlDocGetRootElement(doc.get()), baseDirectory);
}

core::ReportDefinition loadReportDefinition(const std::filesystem::path& file) {
    const auto absolute = std::filesystem::absolute(file).lexically_normal();
    const auto doc = loadValidated(absolute, "report-definition.xsd");
    return read(xmlDocGetRootElement(doc.get()), absolute.parent_path());
}

void applySiteSettings(core::ReportDefinition& definition, const SiteSettings& site) {
    auto& organisation = definition.organisation;
    auto set = [](std::string& into, const std::optional<std::string>& value) {
        if (value) into = *value;
    };
    set(organisation.municipality, site.municipality);
    set(organisation.administration, site.administration);
    set(organisation.committee, site.committee);
    set(organisation.headName, site.signatoryName);
    set(organisation.headTitle, site.signatoryTitle);
    set(organisation.authorUnit, site.authorUnit);
}

}  // namespace committee_report::config
