#include "installation_check_action.h"

#include <libxml/parser.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>

#include "config/report_definition_loader.h"
#include "config/xml_schema_validation.h"
#include "office/office_error.h"

#include "registry/registry_client.h"
#include "registry/registry_error.h"
#include "report_workflow.h"
#include "sample_document.h"

namespace committee_report::entry {

namespace {

api::CheckResult check(std::string name, bool ok, std::string message, std::string fix = {}) {
    return api::CheckResult{std::move(name), ok, std::move(message),
                            ok ? std::string() : std::move(fix)};
}

api::CheckResult writableDirectory(const std::string& name, const std::filesystem::path& directory,
                                   const std::string& setting) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    const auto probe = directory / (".committee-report-probe-" + std::to_string(getpid()));
    bool ok = false;
    if (!error) {
        std::ofstream(probe) << "probe";
        ok = std::filesystem::exists(probe);
        std::filesystem::remove(probe, error);
    }
    return check(name, ok, directory.string() + (ok ? " är skrivbar." : " kan inte skrivas."),
                 "Skapa mappen och ge tjänstens användare skrivrätt (t.ex. chown och chmod 750), "
                 "eller ändra " +
                     setting + " i konfigurationen.");
}

api::CheckResult templates(const config::Configuration& configuration) {
    const auto& directory = configuration.templatesDirectory;
    if (!std::filesystem::is_directory(directory))
        return check(
            "Mallar", false, "Mallmappen " + directory.string() + " finns inte.",
            "Rätta <templates> i konfigurationen så att den pekar på mallmappen (installerad under "
            "/usr/share/committee-report/templates).");
    int count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
        const auto extension = entry.path().extension();
        if (extension != ".fott" && extension != ".fodt") continue;
        xmlDocPtr doc = xmlReadFile(entry.path().c_str(), nullptr,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!doc)
            return check("Mallar", false,
                         "Mallen " + entry.path().string() + " är inte välformad XML.",
                         "Återställ mallen från installationspaketet eller rätta den i LibreOffice "
                         "och spara som "
                         "flat ODF (.fott).");
        xmlFreeDoc(doc);
        ++count;
    }
    if (!std::filesystem::exists(sampleTemplate(configuration)))
        return check("Mallar", false,
                     "Provmallen " + sampleTemplate(configuration).string() + " saknas.",
                     "Installera om paketet committee-report eller rätta <templates>.");
    return check("Mallar", true,
                 std::to_string(count) + " mallar i " + directory.string() + " kan läsas.");
}

api::CheckResult reportDefinitions(const config::Configuration& configuration) {
    const std::string name = "Rapportdefinitioner";
    int count = 0;
    std::error_code error;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(configuration.templatesDirectory, error)) {
        if (entry.path().filename() != "report-definition.xml") continue;
        try {
            const auto definition = config::loadReportDefinition(entry.path());
            if (!std::filesystem::exists(definition.templateFile))
                return check(name, false,
                             "Mallen " + definition.templateFile.string() + " som " +
                                 entry.path().string() + " pekar på finns inte.",
                             "Installera om paketet committee-report eller rätta mallens namn i "
                             "definitionen.");
        } catch (const config::XmlFileError& failure) {
            return check(name, false, failure.what(),
                         "Rätta definitionen enligt meddelandet (schemat: report-definition.xsd).");
        }
        ++count;
    }
    if (count == 0)
        return check(name, false,
                     "Ingen report-definition.xml finns i " +
                         configuration.templatesDirectory.string() + ".",
                     "Installera om paketet committee-report eller rätta <templates>.");
    return check(
        name, true,
        std::to_string(count) + " rapportdefinition(er) följer schemat och hittar sina mallar.");
}

// The organisation the reports will name, as in force (site settings over the report
// definition), and a warning while it is still the shipped example municipality.
std::optional<api::CheckResult> siteSettings(const config::Configuration& configuration) {
    const std::string name = "Kommunens uppgifter i rapporten";
    core::ReportDefinition definition;
    try {
        definition = loadDefinition(configuration);
    } catch (const config::XmlFileError&) {
        return std::nullopt;  // "Rapportdefinitioner" says what is wrong
    }
    const auto& o = definition.organisation;
    const auto& site = configuration.site;
    auto from = [](const std::optional<std::string>& value) {
        return value ? "" : " (rapportdefinitionen)";
    };
    const std::string inForce =
        "kommun " + o.municipality + from(site.municipality) + "; förvaltning " + o.administration +
        from(site.administration) + "; nämnd " + o.committee + from(site.committee) +
        "; undertecknas av " + o.headTitle + " " + o.headName + from(site.signatoryName) +
        "; enhet " + o.authorUnit + from(site.authorUnit) + ".";
    // The fictional municipality of the shipped example configuration and report definition.
    const bool example = o.municipality == "Ekbacka kommun" || o.headName == "Helena Ekvall";
    if (!example) return check(name, true, inForce);
    return api::CheckResult{
        name, true, inForce + " Det är exempelvärdena som följer med paketet.",
        "Ange kommunens egna uppgifter i <site> i " + configuration.file.string() +
            " (kommun, förvaltning, nämnd, undertecknare med titel); filen behålls vid "
            "uppgraderingar."};
}

std::vector<api::CheckResult> registryChecks(const config::Configuration& configuration) {
    if (!configuration.registry)
        return {check("Diariet", false, "Inget diarium är konfigurerat.",
                      "Ange <registry> med <base-url> och <token-file> i konfigurationen.")};
    std::vector<api::CheckResult> checks;
    std::unique_ptr<registry::RegistryClient> client;
    try {
        client = registry::makeRegistryClient(*configuration.registry);
        // A query that matches nothing: proves the address, TLS, the token and the right to read.
        registry::MeetingQuery nothing;
        nothing.from = core::Date{1900, 1, 1};
        nothing.to = core::Date{1900, 1, 1};
        (void)client->listMeetings(nothing);
        checks.push_back(check("Diariet svarar och token ger läsrätt", true,
                               configuration.registry->baseUrl + " svarar och godtar token."));
    } catch (const registry::RegistryError& error) {
        checks.push_back(
            check("Diariet svarar och token ger läsrätt", false, error.what(),
                  "Kontrollera <base-url>, nätverket och token-filen (" + error.detail() + ")."));
        return checks;
    }
    try {
        // Creating on a case that does not exist: 404 means the token may write, 403 that it may
        // not.
        registry::NewEntry probe;
        probe.title = "kontroll";
        probe.direction = {"U", "Upprättad"};
        probe.documentType = {"TJS", "Tjänsteskrivelse"};
        probe.status = {"UTKAST", "Utkast"};
        probe.externalReference = "committee-report:doctor";
        (void)client->createEntry("00000000-0000-0000-0000-000000000000", probe);
        checks.push_back(
            check("Token ger skrivrätt", false,
                  "Diariet tog emot en handling på ett ärende som inte finns.",
                  "Kontrollera att <base-url> pekar på diariet och inte på något annat."));
    } catch (const registry::RegistryError& error) {
        if (error.kind() == registry::ErrorKind::NotFound)
            checks.push_back(
                check("Token ger skrivrätt", true, "Token får registrera handlingar."));
        else if (error.kind() == registry::ErrorKind::Forbidden)
            checks.push_back(check(
                "Token ger skrivrätt", false, "Token får läsa men inte registrera handlingar.",
                "Be diariets administratör om en token med skrivrätt för tjänsteskrivelser."));
        else
            checks.push_back(check("Token ger skrivrätt", false, error.what(), error.detail()));
    }
    return checks;
}

bool looksLikePdfA2(const std::filesystem::path& pdf) {
    std::ifstream in(pdf, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.rfind("%PDF-", 0) == 0 &&
           bytes.find("<pdfaid:part>2</pdfaid:part>") != std::string::npos;
}

api::CheckResult officeRenders(const config::Configuration& configuration,
                               office::OfficeEngine& engine) {
    const std::string name = "Kontorsprogrammet startar och skapar PDF/A";
    const auto program = configuration.office.program;
    if (access(program.c_str(), X_OK) != 0)
        return check(name, false, "Kontorsprogrammet " + program.string() + " finns inte.",
                     "Installera LibreOffice: apt-get install libreoffice-writer-nogui, eller "
                     "rätta <office><program>.");
    const auto scratch =
        scratchDirectory(std::filesystem::temp_directory_path(), "committee-report-check-");
    if (scratch.empty())
        return check(name, false, "Ingen tillfällig mapp kunde skapas.",
                     "Kontrollera att /tmp är skrivbar.");
    api::CheckResult result;
    try {
        const auto start = std::chrono::steady_clock::now();
        office::RenderRequest request;
        request.templateFile = sampleTemplate(configuration);
        request.content = sampleContent("KONTROLL", todayIso());
        request.outputDirectory = scratch;
        request.baseName = "kontroll";
        const auto rendered = engine.render(request);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        char took[32];
        std::snprintf(took, sizeof took, "%.1f", seconds);
        std::string tookText = took;
        for (char& c : tookText)
            if (c == '.') c = ',';
        result =
            looksLikePdfA2(rendered.pdf)
                ? check(name, true, "En provutskrift skapades som PDF/A-2b på " + tookText + " s.")
                : check(name, false, "Kontorsprogrammet skapade en PDF som inte är PDF/A-2.",
                        "Installera om LibreOffice (libreoffice-writer-nogui) i en version med "
                        "PDF/A-export.");
    } catch (const office::OfficeError& error) {
        result = check(name, false, error.what(), "Se felmeddelandet; detaljer: " + error.detail());
    }
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
    return result;
}

}  // namespace

api::ActionDescriptor InstallationCheckAction::describe() const noexcept {
    api::ActionDescriptor descriptor;
    descriptor.id = "kontrollera-installation";
    descriptor.label = "Kontrollera installationen";
    descriptor.description =
        "Kontrollerar mallar, mappar och kontorsprogrammet och säger hur fel rättas.";
    descriptor.menu = api::Menu::Administration;
    descriptor.requiredRole = "administrator";
    return descriptor;
}

api::RunResult InstallationCheckAction::execute(const ValidatedRun& run,
                                                api::ProgressListener& progress) {
    const auto& configuration = *run.configuration;
    api::RunResult result;
    progress.onProgress("mallar", 0.1, "Kontrollerar mallar");
    result.checks.push_back(templates(configuration));
    result.checks.push_back(reportDefinitions(configuration));
    if (auto site = siteSettings(configuration)) result.checks.push_back(std::move(*site));
    progress.onProgress("diariet", 0.15, "Kontrollerar förbindelsen med diariet");
    for (auto& registryCheck : registryChecks(configuration))
        result.checks.push_back(std::move(registryCheck));
    progress.onProgress("mappar", 0.2, "Kontrollerar mappar");
    result.checks.push_back(writableDirectory("Utdatamapp", run.outputDirectory, "<output>"));
    if (configuration.logFile)
        result.checks.push_back(
            writableDirectory("Loggmapp", configuration.logFile->parent_path(), "<log file=…>"));
    checkCancelled(progress);
    progress.onProgress("kontorsprogram", 0.4,
                        "Startar kontorsprogrammet och skapar en provutskrift");
    result.checks.push_back(officeRenders(configuration, *run.office()));
    progress.onProgress("klar", 1.0, "Klart");
    int failed = 0;
    for (const auto& c : result.checks) failed += c.ok ? 0 : 1;
    if (failed > 0) {
        result.status = api::Status::Failed;
        result.message = std::to_string(failed) + " av " + std::to_string(result.checks.size()) +
                         " kontroller misslyckades.";
        result.logDetail = "installation check: " + std::to_string(failed) + " failed:";
        for (const auto& c : result.checks)
            if (!c.ok) result.logDetail += " [" + c.name + ": " + c.message + " " + c.fix + "]";
    } else {
        result.message =
            "Alla " + std::to_string(result.checks.size()) + " kontroller gick igenom.";
        result.logDetail = "installation check passed";
    }
    return result;
}

}  // namespace committee_report::entry
