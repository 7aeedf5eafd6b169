#include "sample_document.h"

#include <ctime>

namespace committee_report::entry {

std::filesystem::path sampleTemplate(const config::Configuration& configuration) {
    return configuration.templatesDirectory / "sample" / "provutskrift.fott";
}

core::DocumentContent sampleContent(const std::string& dnr, const std::string& date) {
    core::DocumentContent content;
    content.fields["Kommun"] = "committee-report";
    content.fields["Diarienummer"] = dnr;
    content.fields["Datum"] = date;
    content.blocks["Beskrivning"].paragraphs = {
        "Den här sidan är en provutskrift. Den visar att committee-report kan starta "
        "kontorsprogrammet, "
        "fylla i en mall och skapa ett redigerbart ODT-dokument och en arkivbeständig PDF/A.",
        "Tabellen nedan fylls i med ett enda anrop, oavsett hur många rader den har."};
    content.tables["Kontroller"].rows = {{"Fält i mallen", "ifyllda"},
                                         {"Avsnitt med flera stycken", "ifyllt"},
                                         {"Tabellrader", "upprepade"},
                                         {"Dokumentegenskaper (titel, ämne, författare)", "satta"}};
    content.properties.title = "Provutskrift " + dnr;
    content.properties.subject = dnr;
    content.properties.author = "committee-report";
    return content;
}

std::string todayIso() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
}

}  // namespace committee_report::entry
