// A second municipality, read as its committee secretary reads the draft: Norrvik kommun
// (reference registry --profile small), where most figures are 1–4. The report names
// Norrvik and never the demo's Ekbacka, every heading has text under it, no sentence
// states an exact count of 1–4 of something that concerns persons, and the method text
// says how small numbers are handled. Both Norrvik's and the demo's drafts are read for
// what a secretary sends back: an empty chart, a column of nothing but "..", a sentence
// twice, sentences whose numbers do not add up.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>

#include "workflow_fixture.h"

using namespace committee_report;
using namespace committee_report::tests;
namespace fs = std::filesystem;

namespace {

WorkflowInstallation norrvik() {
    WorkflowInstallation installation;
    installation.profile = "small";
    installation.caseNumber = "2024SN12";
    installation.site =
        "<municipality>Norrvik kommun</municipality>"
        "<signatory title=\"Socialchef\">Anders Lövgren</signatory>";
    return installation;
}

std::string lowercase(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// The visible text of an ODF element's XML (tags dropped, entities left as they are).
std::string visibleText(const std::string& xml) {
    return std::regex_replace(xml, std::regex("<[^>]*>"), "");
}

// pdftotext -layout breaks sentences over lines and pads columns: one space between words
// (a non-breaking space, as in "10 000", counts as one too).
// The page header ("Ekbacka kommun   Dnr 2024SOCN33   6 (10)") is dropped, so that a
// sentence running over a page break reads as one.
std::string flowing(const std::string& text) {
    const auto body =
        std::regex_replace(text, std::regex("[^\\n]*Dnr [^\\n]*[0-9]+ \\([0-9]+\\)[ \\t]*\\n"), "");
    return std::regex_replace(body, std::regex("([ \\t\\r\\n\\f]|\xC2\xA0)+"), " ");
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// Pixels of colour (not black, white or grey) on the page of the PDF whose text holds
// `caption`, rendered at 40 dpi: the bars of a chart are coloured, its text and the
// tables are not. -1 when no page holds the caption.
long colouredPixelsOnPageWith(const fs::path& pdf, const std::string& caption) {
    const int pages = std::stoi(pdfInfo(pdf, "Pages"));
    for (int page = 1; page <= pages; ++page) {
        const auto number = std::to_string(page);
        const auto text = runCommand("pdftotext -layout -f " + number + " -l " + number + " " +
                                     shellQuote(pdf.string()) + " -");
        if (flowing(text).find(caption) == std::string::npos) continue;
        const auto image = runCommand("pdftoppm -r 40 -f " + number + " -l " + number + " " +
                                      shellQuote(pdf.string()));
        // P6 <width> <height> <maxval> then RGB bytes.
        std::istringstream header(image);
        std::string magic;
        int width = 0, height = 0, maxval = 0;
        header >> magic >> width >> height >> maxval;
        const auto start = static_cast<std::size_t>(header.tellg()) + 1;
        long coloured = 0;
        for (std::size_t at = start; at + 2 < image.size(); at += 3) {
            const int r = static_cast<unsigned char>(image[at]),
                      g = static_cast<unsigned char>(image[at + 1]),
                      b = static_cast<unsigned char>(image[at + 2]);
            coloured += std::max({r, g, b}) - std::min({r, g, b}) > 60;
        }
        return coloured;
    }
    return -1;
}

// Sentences of the generated text (the ODT's sections, where the report writes), each at
// least 30 characters, that occur more than once.
std::vector<std::string> repeatedSentences(const std::string& content) {
    std::map<std::string, int> seen;
    const std::regex section("<text:section [\\s\\S]*?</text:section>");
    const std::regex paragraph("<text:p[^>]*>([\\s\\S]*?)</text:p>");
    for (auto s = std::sregex_iterator(content.begin(), content.end(), section);
         s != std::sregex_iterator(); ++s) {
        const auto xml = s->str();
        for (auto p = std::sregex_iterator(xml.begin(), xml.end(), paragraph);
             p != std::sregex_iterator(); ++p) {
            const auto text = visibleText((*p)[1].str());
            std::size_t from = 0;
            while (from < text.size()) {
                auto end = text.find(". ", from);
                if (end == std::string::npos) end = text.size();
                const auto sentence = text.substr(from, end - from);
                if (sentence.size() >= 30) ++seen[sentence];
                from = end + 2;
            }
        }
    }
    std::vector<std::string> repeated;
    for (const auto& [sentence, count] : seen)
        if (count > 1) repeated.push_back(sentence);
    return repeated;
}

// What a secretary checks in any draft, whichever municipality: the words the
// administration uses, a chart that shows something or is not there, no sentence twice,
// part 4's count of suggestions.
void readAsTheSecretary(const fs::path& odt, const fs::path& pdf) {
    const auto layout = pdfText(pdf);
    const auto text = flowing(layout);
    // One term per concept; hyphenation; platform names as their owners write them.
    for (const char* word : {"incident", "Incident", "Tiktok", "Youtube", "Whatsapp",
                             "Hot och desinformationskampanjer", "Tidslinjen", "Narrativ"})
        BOOST_TEST(text.find(word) == std::string::npos, "the draft says " << word);
    // Never an empty chart: a chart is there with coloured bars, or it is left out and the
    // text says why.
    const bool omitted = text.find("Något diagram över händelserna per") != std::string::npos;
    const auto coloured = colouredPixelsOnPageWith(pdf, "Diagram 1. Händelser över tid");
    if (omitted)
        BOOST_TEST(coloured == -1, "the chart is said to be left out but its caption is there");
    else
        BOOST_TEST(coloured > 400, "the chart's page has " << coloured << " coloured pixels");
    for (const auto& sentence : repeatedSentences(odtPart(odt, "content.xml")))
        BOOST_ERROR("a sentence twice in the draft: " << sentence);
    // Part 4 says how many suggestions it makes, and makes that many.
    const auto part4 = text.substr(
        text.find("Vad politiken kan bidra med"),
        text.find("Förvaltningens bedömning") - text.find("Vad politiken kan bidra med"));
    BOOST_TEST(part4.find("Förvaltningen ser fem sätt för nämnden att bidra.") !=
               std::string::npos);
    BOOST_TEST(occurrences(part4, "Nämnden kan ") == 5u, part4);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(small_municipality_test)

BOOST_AUTO_TEST_CASE(a_small_municipalitys_draft_reads_as_its_own_and_reveals_no_small_count) {
    WorkflowFixture f(norrvik());
    const auto created = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_REQUIRE_MESSAGE(created.status == api::Status::Ok, describe(created));
    BOOST_REQUIRE(created.files.size() == 3u);
    const fs::path odt = created.files.at(0), pdf = created.files.at(1);
    BOOST_TEST(odt.filename() == "2024SN12-tjansteskrivelse.odt");
    if (const char* keep = std::getenv("COMMITTEE_REPORT_KEEP_OUTPUT"); keep && *keep)
        for (const auto& file : created.files)
            fs::copy_file(file, fs::path(keep) / fs::path(file).filename(),
                          fs::copy_options::overwrite_existing);

    const auto layout = pdfText(pdf);
    const auto text = flowing(layout);
    // Its own name, in the header and the running text; the demo's nowhere.
    BOOST_TEST(text.find("Norrvik kommun") != std::string::npos);
    BOOST_TEST(text.find("socialtjänsten i Norrvik kommun") != std::string::npos,
               "part 2's heading does not name Norrvik kommun");
    BOOST_TEST(lowercase(text).find("ekbacka") == std::string::npos, "the demo's name in:\n"
                                                                         << layout);
    BOOST_TEST(lowercase(odtPart(odt, "content.xml")).find("ekbacka") == std::string::npos);
    BOOST_TEST(lowercase(odtPart(odt, "styles.xml")).find("ekbacka") == std::string::npos);

    // Every heading has text under it before the next heading (or opens subsections).
    const auto content = odtPart(odt, "content.xml");
    struct Heading {
        std::string title;
        int level;
        std::size_t start, end;
    };
    std::vector<Heading> headings;
    const std::regex heading("<text:h[^>]*text:outline-level=\"([0-9])\"[^>]*>[\\s\\S]*?</text:h>");
    for (auto it = std::sregex_iterator(content.begin(), content.end(), heading);
         it != std::sregex_iterator(); ++it)
        headings.push_back({visibleText(it->str()), std::stoi((*it)[1].str()),
                            static_cast<std::size_t>(it->position()),
                            static_cast<std::size_t>(it->position() + it->length())});
    BOOST_TEST(headings.size() >= 8u);
    for (std::size_t i = 0; i < headings.size(); ++i) {
        const bool last = i + 1 == headings.size();
        const auto until = last ? content.find("</office:text>") : headings[i + 1].start;
        const auto body = visibleText(content.substr(headings[i].end, until - headings[i].end));
        const bool hasWords = std::regex_search(body, std::regex("[A-Za-z]{3,}"));
        const bool opensSubsections = !last && headings[i + 1].level > headings[i].level;
        BOOST_TEST((hasWords || opensSubsections),
                   "nothing under the heading '" << headings[i].title << "'");
    }
    BOOST_TEST(text.find("<Förvaltningens") == std::string::npos);
    BOOST_TEST(text.find("[Skriv") == std::string::npos);

    // No sentence gives an exact count of 1–4 for what concerns persons.
    // "3 händelser", "tre medarbetare"; "en"/"ett" only where it counts ("registrerades en
    // händelse"), not as an article ("när ett hot polisanmäls").
    const std::string nouns =
        "(händelser?|hot|medarbetare|personer|observationer|observation|inlägg|fall|"
        "uthängningar?|dödshot|polisanmäl\\w*)\\b";
    const std::regex exactSmall(
        "(^|[^0-9 ,.])\\s*\\b([1-4]|två|tre|fyra)\\s+" + nouns +
            "|"
            "\\b(registrerades|polisanmäldes|sågs|gällde|hade|var)\\s+(en|ett)\\s+" +
            nouns,
        std::regex::icase);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), exactSmall);
         it != std::sregex_iterator(); ++it) {
        const auto at = static_cast<std::size_t>(it->position());
        const auto around = text.substr(at > 60 ? at - 60 : 0, 160);
        // "En händelse räknas efter det datum …" (method) names no count.
        if (around.find("En händelse räknas") != std::string::npos) continue;
        BOOST_ERROR("an exact small count of persons: …" << around << "…");
    }
    for (const char* sentence :
         {"Antal mellan ett och fyra redovisas därför som ”färre än 5”", "rör personer"})
        BOOST_TEST(text.find(sentence) != std::string::npos, "method text lacks: " << sentence);
    BOOST_TEST(text.find("färre än 5") != std::string::npos, "no small cell was suppressed");
    // One planned measure is spoken of in the singular.
    BOOST_TEST(text.find("Den planerade åtgärden (informationsmöte) kan medföra kostnader") !=
               std::string::npos);
    BOOST_TEST(text.find("De planerade åtgärderna") == std::string::npos);
    // The registry holds nothing from before 2022: the comparison with the period before says
    // so instead of claiming that nothing happened then.
    BOOST_TEST(text.find("Någon jämförelse med den perioden kan därför inte göras") !=
               std::string::npos);
    BOOST_TEST(text.find("genomfördes inga förebyggande åtgärder") == std::string::npos);

    // Norrvik's yearly counts are all "färre än 5": no chart, and the text says why.
    BOOST_TEST(text.find("Något diagram över händelserna per år visas inte. Antalen per år är "
                         "så små att de bara kan redovisas som ”färre än 5” eller ”..”") !=
               std::string::npos);
    BOOST_TEST(text.find("Diagram 1.") == std::string::npos);
    // Every share is withheld: no "Andel" column of nothing but "..".
    BOOST_TEST(text.find("Andel") == std::string::npos, "a column of withheld shares");
    // Table 8 holds one item: the text speaks of it in the singular, and says when it was seen.
    BOOST_TEST(text.find("Tabellen över desinformation med stor räckvidd visar det fall med en "
                         "räckvidd på minst 10 000 som nämnde kommunen. Fall som omfattas av "
                         "sekretess visas inte.") != std::string::npos);
    BOOST_TEST(text.find("Fallet i tabellen sågs i februari 2022") != std::string::npos);
    // Two done, one ongoing, one planned (table 9): the summary's numbers add up to it.
    BOOST_TEST(text.find("Förvaltningen genomförde två förebyggande åtgärder under perioden, "
                         "och ytterligare två pågår eller är planerade.") != std::string::npos);
    BOOST_TEST(text.find("Förteckningen över pågående och planerade åtgärder visar varje åtgärd "
                         "med ansvarig enhet och det datum då den registrerades.") !=
               std::string::npos);
    readAsTheSecretary(odt, pdf);
}

// The demo's draft (Ekbacka kommun), read the same way: its chart is drawn, its shares are
// there, its lists are spoken of as they are.
BOOST_AUTO_TEST_CASE(the_demos_draft_reads_as_a_secretary_expects) {
    WorkflowFixture f;
    const auto created = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_REQUIRE_MESSAGE(created.status == api::Status::Ok, describe(created));
    const fs::path odt = created.files.at(0), pdf = created.files.at(1);
    const auto text = flowing(pdfText(pdf));
    BOOST_TEST(text.find("Något diagram") == std::string::npos);
    BOOST_TEST(text.find("Diagram 1. Händelser över tid") != std::string::npos);
    BOOST_TEST(text.find("Andel") != std::string::npos);
    BOOST_TEST(text.find("Flest fall sågs på TikTok") != std::string::npos);
    BOOST_TEST(text.find("Hot- och desinformationskampanjer riktade mot socialtjänsten i "
                         "Ekbacka kommun") != std::string::npos);
    // Ten items of high reach, nine in February–March 2022, one after: "ett sådant fall
    // noterats, den …", not "det senaste" of one.
    BOOST_TEST(text.find("Av de tio fallen med en räckvidd på minst 10 000 sågs nio under "
                         "februari–mars 2022") != std::string::npos);
    BOOST_TEST(text.find("Därefter har ett sådant fall noterats, den 28 april 2024.") !=
               std::string::npos);
    // 55 done, six ongoing and two planned (table 9): "ytterligare åtta".
    BOOST_TEST(text.find("Förvaltningen genomförde 55 förebyggande åtgärder under perioden, och "
                         "ytterligare åtta pågår eller är planerade.") != std::string::npos);
    BOOST_TEST(text.find("Under 2022 registrerades 131 händelser av hot eller våld. Under 2023 "
                         "var antalet 79.") != std::string::npos);
    readAsTheSecretary(odt, pdf);
}

BOOST_AUTO_TEST_SUITE_END()
