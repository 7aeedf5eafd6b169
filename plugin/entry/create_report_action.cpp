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
    // The run's registry deadline counts from here for every client it opens (the case
    // fetch below opens one per connection).
    const auto registryStarted = std::chrono::steady_clock::now();
    auto [client, reportCase, entries, ours] =
        openCaseReports(configuration, dnr, &progress, registryStarted);

    int version = 1;
    std::optional<ReportEntry> resumed;  // a run that stopped half-way: finish it on its entry
    std::vector<core::DocumentRecord> resumedDocuments;
    if (!ours.empty()) {
        const auto& latest = ours.back();  // the highest version (externReferens)
        auto documents = client->listDocuments(latest.entry.systemId);
        // Complete only when both files' bytes are there and match what was registered.
        const bool complete = newestComplete(*client, documents, "P", ".odt") &&
                              newestComplete(*client, documents, "P", ".pdf");
        if (!complete) {
            resumed = latest;
            resumedDocuments = std::move(documents);
            version = latest.version;
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
    if (period.from < core::Date{2000, 1, 1})
        throw ActionError(api::Status::InvalidInput,
                          "Perioden börjar " + period.from.iso() +
                              ", före år 2000. Ange from som ett datum från 2000-01-01 och framåt.",
                          "period starts before 2000: " + period.from.iso());
    if (const core::Date limit{
            period.from.year + configuration.maxPeriodYears, period.from.month,
            period.from.month == 2 && period.from.day == 29 ? 28 : period.from.day};
        !(period.to < limit))
        throw ActionError(
            api::Status::InvalidInput,
            "Perioden " + period.from.iso() + "–" + period.to.iso() + " är längre än de högst " +
                std::to_string(configuration.maxPeriodYears) +
                " år som en rapport får omfatta. Korta perioden med from och to.",
            "period longer than max-period-years " + std::to_string(configuration.maxPeriodYears));

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
    // Tallied as the pages arrive: no case is held beyond its page (core::CaseTally).
    auto tally = registry::tallyCases<core::CaseTally>(
        [&] { return openRegistry(configuration, &progress, registryStarted); }, queries,
        [&] { return core::CaseTally(definition, period); }, options);
    checkCancelled(progress);

    progress.onProgress("beraknar", 0.5, "Beräknar rapportens tabeller och sammanfattning");
    const core::ReportInput input{definition, reportCase, entries, {}, period, today};
    const auto model = core::computeReport(input, std::move(tally));
    const auto content = core::toDocumentContent(model, definition);
    const auto json = core::toReportJson(model);
    checkCancelled(progress);

    progress.onProgress("skapar-dokument", 0.6, "Skapar tjänsteskrivelsen (ODT och PDF)");
    const std::string baseName = reportBaseName(dnr, version);
    const auto odtFile = run.outputDirectory / (baseName + ".odt");
    const auto pdfFile = run.outputDirectory / (baseName + ".pdf");
    // Rendered in a folder of this run's own, so that a run at the same time for the same
    // case cannot swap a file under it; the bytes uploaded are the ones read here.
    const auto staging = stagingDirectory(run.outputDirectory);
    office::RenderRequest request;
    request.templateFile = definition.templateFile;
    request.content = content;
    request.outputDirectory = staging.path();
    request.baseName = baseName;
    request.pdfShowsPlaceholders = true;  // the preview shows where the official is to write
    const auto rendered = office->render(request);
    std::string odtBytes = readFile(rendered.odt), pdfBytes = readFile(rendered.pdf);
    const auto reportJson = run.outputDirectory / (baseName + ".report.json");
    writeFileAtomically(reportJson, json);
    checkCancelled(progress);

    progress.onProgress("registrerar", 0.85, "Registrerar utkastet i diariet");
    api::RunResult result;
    std::string entryId;
    if (resumed) {
        entryId = resumed->entry.systemId;
    } else {
        registry::NewEntry newEntry;
        newEntry.title = "Tjänsteskrivelse – " + model.title;
        newEntry.direction = {"U", "Upprättad"};
        newEntry.documentType = {"TJS", "Tjänsteskrivelse"};
        newEntry.status = {kDraftStatus, "Utkast"};
        newEntry.drawnUp = today;
        newEntry.externalReference = externalReference(dnr, version);
        newEntry.recipients = {core::Party{definition.organisation.committee}};
        const auto entry = client->createEntry(reportCase.systemId, newEntry);
        if (entry.created) result.createdIds.push_back(entry.record.systemId);
        entryId = entry.record.systemId;
    }
    result.entryId = entryId;
    // A run that died after registering its files left them in the output folder: if the
    // registry holds their checksums, those bytes are the ones to upload, not new ones.
    for (auto [local, bytes] : {std::pair{&odtFile, &odtBytes}, std::pair{&pdfFile, &pdfBytes}}) {
        if (!resumed || !std::filesystem::exists(*local)) continue;
        std::string earlier = readFile(*local);
        const auto sha = registry::sha256Hex(earlier);
        if (std::any_of(resumedDocuments.begin(), resumedDocuments.end(),
                        [&](const core::DocumentRecord& d) { return d.checksum == sha; }))
            *bytes = std::move(earlier);
    }
    std::vector<Upload> uploads;
    uploads.push_back(makeUpload({"Tjänsteskrivelse (redigerbar)",
                                  baseName + ".odt",
                                  "application/vnd.oasis.opendocument.text",
                                  {"P", "Produktionsformat"}},
                                 std::move(odtBytes)));
    uploads.push_back(makeUpload({"Tjänsteskrivelse (förhandsvisning)",
                                  baseName + ".pdf",
                                  "application/pdf",
                                  {"P", "Produktionsformat"}},
                                 std::move(pdfBytes)));
    // Kept before the write-back: should this run die after registering a file, the next
    // run finds these bytes under the registered checksum and uploads them.
    writeFileAtomically(odtFile, uploads[0].bytes);
    writeFileAtomically(pdfFile, uploads[1].bytes);
    const auto stored =
        writeDocuments(*client, entryId, uploads, writeBackOptions(configuration, progress));
    for (std::size_t i = 0; i < stored.size(); ++i) {
        if (stored[i].created) result.createdIds.push_back(stored[i].record.systemId);
        if (stored[i].ours)
            run.uploaded.push_back({uploads[i].document.fileName, uploads[i].sha256});
    }
    if (!stored[0].ours || !stored[1].ours)
        throw ActionError(api::Status::Refused,
                          "En annan körning skapade samtidigt utkastet till tjänsteskrivelse för " +
                              dnr + " (version " + std::to_string(version) +
                              "). Det utkastet gäller; redigera det och fastställ det.",
                          "draft " + entryId + " written by another run at the same time");
    progress.onProgress("klar", 1.0, "Klart");

    result.message = "Utkastet till tjänsteskrivelse är registrerat på " + dnr + " (version " +
                     std::to_string(version) +
                     ", status Utkast). Redigera ODT-filen och fastställ den sedan.";
    result.files = {odtFile.string(), pdfFile.string(), reportJson.string()};
    result.logDetail = "draft " + entryId + " version " + std::to_string(version);
    return result;
}

}  // namespace committee_report::entry
