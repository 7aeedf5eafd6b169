#include "create_report_action.h"

#include <algorithm>

#include "core/committee_report.h"
#include "core/file_naming.h"

#include "registry/case_fetch.h"
#include "report_workflow.h"
#include "sample_document.h"

namespace committee_report::entry {

namespace {

bool isYes(const std::map<std::string, std::string>& parameters, const std::string& key) {
    const auto it = parameters.find(key);
    return it != parameters.end() && (it->second == "ja" || it->second == "true");
}

std::string describeExisting(const ReportEntry& existing) {
    const auto& entry = existing.entry;
    std::string text = "löpnummer " + std::to_string(entry.number);
    if (entry.drawnUp) text += ", upprättad " + entry.drawnUp->iso();
    return text;
}

}  // namespace

api::ActionDescriptor CreateReportAction::describe() const noexcept {
    api::ActionDescriptor descriptor;
    descriptor.id = "skapa-tjansteskrivelse";
    descriptor.label = "Skapa tjänsteskrivelse";
    descriptor.description =
        "Sammanställer hot, desinformation och förebyggande arbete ur diariet och skapar ett "
        "utkast till "
        "tjänsteskrivelse på ärendet.";
    descriptor.menu = api::Menu::Case;
    descriptor.requiredRole = "handlaggare";
    descriptor.parameters.push_back(dateParameter(
        "from", "Från och med",
        "Första dagen i redovisningsperioden. Standard: rapportdefinitionens startdatum."));
    descriptor.parameters.push_back(dateParameter(
        "to", "Till och med",
        "Sista dagen i redovisningsperioden. Standard: sista dagen i föregående månad."));
    descriptor.parameters.push_back(
        dateParameter("datum", "Datum", "Tjänsteskrivelsens datum. Standard: dagens datum."));
    api::ParameterSpec newVersion;
    newVersion.key = "ny-version";
    newVersion.label = "Skapa ny version";
    newVersion.type = api::ParameterType::Boolean;
    newVersion.defaultValue = "nej";
    newVersion.help =
        "ja: skapa en ny version även om det redan finns ett utkast eller en fastställd version.";
    descriptor.parameters.push_back(newVersion);
    return descriptor;
}

api::RunResult CreateReportAction::execute(const ValidatedRun& run,
                                           api::ProgressListener& progress) {
    const auto& configuration = *run.configuration;
    const std::string& dnr = run.context.caseDnr;
    progress.onProgress("definition", 0.02, "Läser rapportdefinitionen");
    const auto definition = loadDefinition(configuration);
    run.templateVersion = templateVersion(definition);
    // The office starts (if it must) and loads the template while the registry is read.
    const auto office = run.office();
    office->prepare(definition.templateFile);

    progress.onProgress("hamtar-arende", 0.05, "Hämtar ärendet från diariet");
    auto [client, reportCase, entries, ours] = openCaseReports(configuration, dnr);

    int version = 1;
    std::vector<core::DocumentRecord> alreadyRegistered;  // on a resumed entry
    if (!ours.empty()) {
        const auto& latest = ours.back();
        auto documents = client->listDocuments(latest.entry.systemId);
        const auto has = [&](const char* extension) {
            return std::any_of(
                documents.begin(), documents.end(), [&](const core::DocumentRecord& d) {
                    return std::filesystem::path(d.fileName).extension() == extension;
                });
        };
        const bool complete = has(".odt") && has(".pdf");
        if (!complete) {
            alreadyRegistered = std::move(documents);
            version = latest.version;  // a run that stopped half-way: finish it on the same entry
        } else if (isYes(run.parameters, "ny-version")) {
            version = latest.version + 1;
        } else if (latest.entry.status.code == kFinalStatus) {
            throw ActionError(api::Status::Refused,
                              "Tjänsteskrivelsen för " + dnr + " är redan fastställd (" +
                                  describeExisting(latest) +
                                  "). Kör åtgärden med ny-version=ja om en ny version behövs.",
                              "final version exists: " + latest.entry.systemId);
        } else {
            throw ActionError(api::Status::Refused,
                              "Det finns redan ett utkast till tjänsteskrivelse för " + dnr + " (" +
                                  describeExisting(latest) +
                                  "). Redigera det och fastställ det, eller kör åtgärden med "
                                  "ny-version=ja för att "
                                  "skapa en ny version.",
                              "draft exists: " + latest.entry.systemId);
        }
    }

    const core::Date today =
        *core::Date::parse(run.parameters.count("datum") ? run.parameters.at("datum") : todayIso());
    core::ReportPeriod period = core::defaultPeriod(definition, today);
    if (run.parameters.count("from")) period.from = *core::Date::parse(run.parameters.at("from"));
    if (run.parameters.count("to")) period.to = *core::Date::parse(run.parameters.at("to"));
    if (period.to < period.from)
        throw ActionError(api::Status::InvalidInput, "Perioden slutar (" + period.to.iso() +
                                                         ") före sin början (" + period.from.iso() +
                                                         "). Rätta from och to.");

    // All counted types at once, over several connections; see registry/case_fetch.h.
    const auto types = core::countedCaseTypes(definition);
    std::vector<registry::CaseQuery> queries;
    std::string typeList;
    for (size_t i = 0; i < types.size(); ++i) {
        queries.push_back({types[i], std::nullopt, std::nullopt, std::nullopt,
                           core::countedCaseFields(definition, types[i])});
        typeList += (i == 0 ? "" : i + 1 == types.size() ? " och " : ", ") + types[i];
    }
    checkCancelled(progress);
    progress.onProgress(
        "hamtar-underlag", 0.1,
        std::string(types.size() == 1 ? "Hämtar ärenden av typen " : "Hämtar ärenden av typerna ") +
            typeList + " från diariet");
    registry::FetchOptions options;
    options.onQueryDone = [&](size_t query, size_t done) {
        progress.onProgress(
            "hamtar-underlag",
            0.1 + 0.35 * static_cast<double>(done) / static_cast<double>(types.size()),
            "Ärendena av typen " + types[query] + " är hämtade från diariet");
    };
    options.checkpoint = [&] { checkCancelled(progress); };
    auto cases =
        registry::fetchCases([&] { return openRegistry(configuration); }, queries, options);
    checkCancelled(progress);

    progress.onProgress("beraknar", 0.5, "Beräknar rapportens tabeller och sammanfattning");
    const core::ReportInput input{definition, reportCase, entries, std::move(cases), period, today};
    const auto model = core::computeReport(input);
    const auto content = core::toDocumentContent(model, definition);
    const auto json = core::toReportJson(model);
    checkCancelled(progress);

    progress.onProgress("skapar-dokument", 0.6, "Skapar tjänsteskrivelsen (ODT och PDF)");
    office::RenderRequest request;
    request.templateFile = definition.templateFile;
    request.content = content;
    request.outputDirectory = run.outputDirectory;
    request.baseName = reportBaseName(dnr, version);
    request.pdfShowsPlaceholders = true;  // the preview shows where the official is to write
    const auto rendered = office->render(request);
    const auto reportJson = run.outputDirectory / (request.baseName + ".report.json");
    writeFileAtomically(reportJson, json);
    checkCancelled(progress);

    progress.onProgress("registrerar", 0.85, "Registrerar utkastet i diariet");
    registry::NewEntry newEntry;
    newEntry.title = "Tjänsteskrivelse – " + model.title;
    newEntry.direction = {"U", "Upprättad"};
    newEntry.documentType = {"TJS", "Tjänsteskrivelse"};
    newEntry.status = {kDraftStatus, "Utkast"};
    newEntry.drawnUp = today;
    newEntry.externalReference = externalReference(dnr, version);
    newEntry.recipients = {core::Party{definition.organisation.committee}};
    api::RunResult result;
    const auto entry = client->createEntry(reportCase.systemId, newEntry);
    if (entry.created) result.createdIds.push_back(entry.record.systemId);

    const struct {
        std::filesystem::path file;
        const char* title;
        const char* mime;
    } documents[] = {
        {rendered.odt, "Tjänsteskrivelse (redigerbar)", "application/vnd.oasis.opendocument.text"},
        {rendered.pdf, "Tjänsteskrivelse (förhandsvisning)", "application/pdf"},
    };
    for (const auto& document : documents) {
        const std::string fileName = document.file.filename().string();
        if (std::any_of(alreadyRegistered.begin(), alreadyRegistered.end(),
                        [&](const core::DocumentRecord& d) { return d.fileName == fileName; }))
            continue;  // registered by the run that stopped half-way
        const std::string bytes = readFile(document.file);
        registry::NewDocument newDocument{document.title,
                                          document.file.filename().string(),
                                          document.mime,
                                          {"P", "Produktionsformat"}};
        const auto registered = client->registerDocument(entry.record.systemId, newDocument, bytes);
        client->uploadContent(registered.record, bytes);
        if (registered.created) result.createdIds.push_back(registered.record.systemId);
    }
    progress.onProgress("klar", 1.0, "Klart");

    result.message = "Utkastet till tjänsteskrivelse är registrerat på " + dnr + " (version " +
                     std::to_string(version) +
                     ", status Utkast). Redigera ODT-filen och fastställ den sedan.";
    result.files = {rendered.odt.string(), rendered.pdf.string(), reportJson.string()};
    result.logDetail = "draft " + entry.record.systemId + " version " + std::to_string(version);
    return result;
}

}  // namespace committee_report::entry
