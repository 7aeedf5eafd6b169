#include "sample_action.h"

#include <ctime>

#include "core/file_naming.h"

#include "sample_document.h"

namespace committee_report::entry {

api::ActionDescriptor SampleAction::describe() const noexcept {
    api::ActionDescriptor descriptor;
    descriptor.id = "provutskrift";
    descriptor.label = "Provutskrift av mall";
    descriptor.description =
        "Fyller i provmallen med ärendets diarienummer och skapar ODT och PDF/A.";
    descriptor.menu = api::Menu::Case;
    descriptor.requiredRole = "administrator";
    descriptor.parameters.push_back(
        dateParameter("datum", "Datum",
                      "Datum som skrivs i provutskriften (ÅÅÅÅ-MM-DD). Standard: dagens datum."));
    return descriptor;
}

api::RunResult SampleAction::execute(const ValidatedRun& run, api::ProgressListener& progress) {
    progress.onProgress("startar", 0.05, "Startar kontorsprogrammet");
    const auto engine = run.office();
    checkCancelled(progress);
    const auto date = run.parameters.count("datum") ? run.parameters.at("datum") : todayIso();
    office::RenderRequest request;
    request.templateFile = sampleTemplate(*run.configuration);
    request.content = sampleContent(run.context.caseDnr, date);
    request.outputDirectory = run.outputDirectory;
    request.baseName = core::caseFileBaseName(run.context.caseDnr, "provutskrift");
    progress.onProgress("skapar-dokument", 0.3, "Fyller i mallen och skapar ODT och PDF/A");
    const auto rendered = engine->render(request);
    progress.onProgress("klar", 1.0, "Klart");
    api::RunResult result;
    result.message = "Provutskriften är klar.";
    result.files = {rendered.odt.string(), rendered.pdf.string()};
    result.logDetail = "rendered " + request.baseName;
    return result;
}

}  // namespace committee_report::entry
