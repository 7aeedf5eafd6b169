#include "seed.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/date.h"
#include "store.h"

namespace reference_registry {
namespace {

using committee_report::core::Date;
using Poco::JSON::Array;
using Poco::JSON::Object;
using namespace Poco::Data::Keywords;

const char* const kOrgan = "Socialnämnden";
const char* const kPlace = "Kommunhuset, Ekbacka";
const char* const kSecrecy = "26 kap. 1 § OSL";

class Random {
  public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t next() { return engine_(); }
    // Inclusive range; the same numbers on every platform (no std distributions).
    int range(int low, int high) {
        return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1));
    }
    double unit() { return static_cast<double>(next() >> 11) / static_cast<double>(1ULL << 53); }
    bool chance(double p) { return unit() < p; }
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(range(0, static_cast<int>(items.size()) - 1))];
    }
    std::string weighted(const std::vector<std::pair<std::string, int>>& choices) {
        int total = 0;
        for (const auto& choice : choices) total += choice.second;
        int roll = range(0, total - 1);
        for (const auto& choice : choices) {
            if (roll < choice.second) return choice.first;
            roll -= choice.second;
        }
        return choices.back().first;
    }
    std::string uuid() {
        const std::uint64_t a = next(), b = next();
        char text[37];
        std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx",
                      static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                      static_cast<unsigned>(a & 0x0fff),
                      static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return text;
    }

  private:
    std::mt19937_64 engine_;
};

Date addDays(const Date& date, long days) {
    return Date::fromDaysSinceEpoch(date.daysSinceEpoch() + days);
}

Object::Ptr code(const std::string& kode, const std::string& kodenavn) {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("kode", kode);
    object->set("kodenavn", kodenavn);
    return object;
}

std::string stringify(const Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

std::string sha256(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

// A valid personnummer (Luhn check digit over YYMMDDNNN) of someone born on `born`.
std::string personnummer(Random& random, const Date& born, bool twelveDigits, bool separator) {
    char digits[10];
    std::snprintf(digits, sizeof digits, "%02d%02d%02d%03d", born.year % 100, born.month, born.day,
                  random.range(1, 998));
    int sum = 0;
    for (int i = 0; i < 9; ++i) {
        int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d / 10 + d % 10;
    }
    const int check = (10 - sum % 10) % 10;
    char text[20];
    if (twelveDigits)
        std::snprintf(text, sizeof text, "%04d%02d%02d%s%.3s%d", born.year, born.month, born.day,
                      separator ? "-" : "", digits + 6, check);
    else
        std::snprintf(text, sizeof text, "%.6s%s%.3s%d", digits, separator ? "-" : "", digits + 6,
                      check);
    return text;
}

const std::vector<std::string> kFirstNames{
    "Anna",  "Erik",  "Sara",  "Johan", "Fatima", "Mohammed", "Elin",   "Karin",
    "Lars",  "Maria", "Ahmed", "Leila", "Peter",  "Sofia",    "Hassan", "Ida",
    "Oskar", "Emma",  "Ali",   "Nora",  "Jonas",  "Amina",    "Mikael", "Linnea",
    "Yusuf", "Hanna", "Ebba",  "Omar",  "Viktor", "Zeynep"};
const std::vector<std::string> kLastNames{
    "Lindqvist", "Bergsten", "Holmér", "Sandvik", "Ekvall",    "Nyberg",
    "Karimi",    "Hassani",  "Yildiz", "Warsame", "Ahmadi",    "Lundmark",
    "Dahlgren",  "Sjövall",  "Wikner", "Forsell", "Håkansson", "Öhrvall"};

std::string personName(Random& random) {
    return random.pick(kFirstNames) + " " + random.pick(kLastNames);
}

std::string asciiMail(const std::string& name, const std::string& domain) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        if (c == ' ') {
            out += '.';
        } else if (c == 0xC3 && i + 1 < name.size()) {  // å ä ö é (UTF-8)
            unsigned char d = static_cast<unsigned char>(name[++i]);
            out += (d == 0xA5 || d == 0xA4 || d == 0x85 || d == 0x84) ? 'a'
                   : (d == 0xB6 || d == 0x96)                         ? 'o'
                                                                      : 'e';
        } else {
            out += static_cast<char>(std::tolower(c));
        }
    }
    return out + "@" + domain;
}

Object::Ptr officer(Random& random, const std::string& title, const std::string& unit,
                    const std::string& domain = "ekbacka.se") {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const auto name = personName(random);
    object->set("namn", name);
    object->set("titel", title);
    object->set("enhet", unit);
    object->set("epost", asciiMail(name, domain));
    return object;
}

// Monthly volumes 2022-01 … 2024-12 (36 entries) at scale 1: the campaign
// against Swedish social services peaked in January–March 2022.
const int kThreatsPerMonth[36] = {18, 22, 20, 12, 10, 8, 6, 7, 8, 7, 7, 6,  //
                                  7,  6,  8,  7,  6,  6, 5, 6, 8, 7, 7, 6,  //
                                  6,  7,  8,  7,  6,  7, 5, 6, 8, 7, 8, 6};
const int kDisinformationPerMonth[36] = {14, 18, 12, 6, 4, 3, 2, 2, 2, 2, 2, 2,  //
                                         2,  2,  2,  2, 2, 2, 2, 2, 2, 2, 2, 2,  //
                                         2,  1,  2,  1, 2, 1, 1, 2, 1, 2, 1, 2};
const int kMeasuresPerMonth[36] = {1, 4, 4, 3, 3, 3, 1, 2, 3, 3, 3, 3,  //
                                   2, 2, 2, 3, 2, 2, 1, 2, 2, 2, 2, 2,  //
                                   3, 3, 3, 2, 2, 2, 1, 2, 2, 2, 2, 2};

struct CaseRow {
    std::string id, dnr, type, classification, status, registered, closed, organ, unit, json;
};

struct PendingCase {
    Date registered;
    Object::Ptr object;  // without systemId and diarienummer yet
    std::string type, classification, unit;
};

Date dayIn(Random& random, int year, int month) {
    return Date{year, month, random.range(1, committee_report::core::daysInMonth(year, month))};
}

void closeOrKeepOpen(Random& random, PendingCase& pending, int minDays, int maxDays) {
    const Date closed = addDays(pending.registered, random.range(minDays, maxDays));
    if (closed < Date{2024, 6, 1}) {
        pending.object->set("status", code("A", "Avslutat"));
        pending.object->set("avslutad", closed.iso());
    } else {
        pending.object->set("status", code("P", "Pågående"));
        pending.object->set("avslutad", Poco::Dynamic::Var());
    }
}

Object::Ptr baseCase(const std::string& title, const std::string& type, const std::string& typeName,
                     const std::string& classification, const std::string& classificationName,
                     const Date& registered, const std::string& unit) {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("arendemening", title);
    object->set("offentligArendemening", title);
    object->set("arendetyp", code(type, typeName));
    object->set("klassificering", code(classification, classificationName));
    object->set("status", code("P", "Pågående"));
    object->set("registreringsdatum", registered.iso());
    object->set("avslutad", Poco::Dynamic::Var());
    object->set("organ", std::string(kOrgan));
    object->set("enhet", unit);
    return object;
}

const std::map<std::string, std::string> kThreatTitles{
    {"HOT_DIREKT", "Hot mot medarbetare vid möte"},
    {"HOT_DIFFUST", "Diffust hot mot verksamheten"},
    {"DODSHOT", "Allvarligt hot mot medarbetare"},
    {"HOT_NARSTAENDE", "Hot riktat mot medarbetares närstående"},
    {"VALD", "Våld mot medarbetare"},
    {"TRAKASSERI", "Trakasserier mot medarbetare"},
    {"UTHANGNING", "Uthängning av medarbetare i sociala medier"},
    {"FILMNING", "Filmning av medarbetare utan samtycke"},
    {"SKADEGORELSE", "Skadegörelse på verksamhetens lokaler"},
    {"REPRESSALIE_OROSANMALAN", "Hot efter orosanmälan"},
    {"SABOTAGE_VERKSTALLIGHET", "Försök att hindra verkställighet av beslut"},
    {"ANNAT", "Tillbud – hot och våld"}};

std::string threatDescription(Random& random, const std::string& category,
                              const std::string& channel) {
    static const std::vector<std::string> kPlain{
        "Vid ett planerat möte blev vårdnadshavaren upprörd över utredningen och uttalade hot mot "
        "handläggaren. Mötet avbröts och chef kontaktades.",
        "Flera samtal till receptionen där den som ringde sa att socialtjänsten skulle få betala "
        "för omhändertagandet.",
        "Medarbetaren fick ett brev hemskickat med hotfullt innehåll kopplat till ett pågående "
        "ärende.",
        "En film från ett hembesök lades ut i en kanal i sociala medier med uppmaning att sprida "
        "den vidare.",
        "Personen följde efter medarbetaren från arbetsplatsen till busshållplatsen.",
        "Anhörig sparkade på dörren till mottagningen och skrek okvädingsord.",
        "Inlägg i en grupp i sociala medier påstod att förvaltningen kidnappar barn; medarbetarens "
        "arbetsplats nämndes.",
    };
    std::string text = random.pick(kPlain);
    if (random.chance(0.25)) {
        const Date born{random.range(1960, 2004), random.range(1, 12), random.range(1, 28)};
        const auto pnr = personnummer(random, born, random.chance(0.5), random.chance(0.8));
        text = "Klienten " + personName(random) + " (" + pnr + ") " +
               (category == "VALD" ? "knuffade" : "hotade") + " handläggaren " +
               personName(random) + " i samband med " +
               (channel == "TELEFON" ? "ett telefonsamtal" : "ett möte") + ". " + text;
    }
    return text;
}

PendingCase threatCase(Random& random, int year, int month) {
    const bool campaign = year == 2022 && month <= 3;
    const bool campaignYear = year == 2022;
    const Date event = dayIn(random, year, month);
    const auto category = random.weighted({{"HOT_DIREKT", 25},
                                           {"HOT_DIFFUST", campaign ? 25 : 14},
                                           {"DODSHOT", 4},
                                           {"HOT_NARSTAENDE", 5},
                                           {"VALD", 10},
                                           {"TRAKASSERI", 12},
                                           {"UTHANGNING", campaign ? 18 : 7},
                                           {"FILMNING", campaign ? 10 : 6},
                                           {"SKADEGORELSE", 4},
                                           {"REPRESSALIE_OROSANMALAN", 5},
                                           {"SABOTAGE_VERKSTALLIGHET", 3},
                                           {"ANNAT", 3}});
    const auto channel = random.weighted({{"MOTE", campaign ? 18 : 30},
                                          {"TELEFON", 25},
                                          {"EPOST_BREV", 12},
                                          {"SOCIALA_MEDIER", campaign ? 40 : 14},
                                          {"HEMBESOK", 10},
                                          {"UTANFOR_ARBETET", 8}});
    const auto area = random.weighted({{"BARN_UNGA", campaign ? 70 : 48},
                                       {"VUXEN", 20},
                                       {"EKB", 8},
                                       {"FAMILJERATT", 12},
                                       {"ANNAT", 6}});
    const auto link = campaign       ? random.weighted({{"JA", 48}, {"NEJ", 32}, {"OKLART", 20}})
                      : campaignYear ? random.weighted({{"JA", 20}, {"NEJ", 65}, {"OKLART", 15}})
                                     : random.weighted({{"JA", 8}, {"NEJ", 82}, {"OKLART", 10}});
    static const std::map<std::string, std::string> kUnits{{"BARN_UNGA", "Barn och unga"},
                                                           {"VUXEN", "Vuxen"},
                                                           {"EKB", "Ensamkommande barn och unga"},
                                                           {"FAMILJERATT", "Familjerätt"},
                                                           {"ANNAT", "Individ- och familjeomsorg"}};
    PendingCase pending;
    pending.registered = addDays(event, random.range(1, 10));
    pending.type = "HOT_VALD";
    pending.classification = "2.4.3";
    pending.unit = kUnits.at(area);
    const bool secret = random.chance(0.03);
    pending.object =
        baseCase(secret ? "Anmälan om hot mot medarbetare" : kThreatTitles.at(category), "HOT_VALD",
                 "Hot och våld mot medarbetare", "2.4.3", "Tillbud och arbetsskador",
                 pending.registered, pending.unit);
    closeOrKeepOpen(random, pending, 14, 120);
    if (random.chance(0.3))
        pending.object->set("handlaggare", Poco::Dynamic::Var());
    else
        pending.object->set("handlaggare",
                            officer(random,
                                    random.pick(std::vector<std::string>{"Enhetschef", "HR-konsult",
                                                                         "Säkerhetssamordnare"}),
                                    pending.unit));
    if (secret) {
        Object::Ptr secrecy = new Object;
        secrecy->set("lagrum", std::string(kSecrecy));
        pending.object->set("sekretess", secrecy);
    } else {
        pending.object->set("sekretess", Poco::Dynamic::Var());
    }
    Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    properties->set("datum", event.iso());
    properties->set("kategori", category);
    properties->set("kanal", channel);
    properties->set("riktadMot",
                    random.weighted({{"MEDARBETARE", 80},
                                     {"NARSTAENDE", category == "HOT_NARSTAENDE" ? 40 : 4},
                                     {"FORTROENDEVALD", 5},
                                     {"VERKSAMHET", 10}}));
    properties->set("verksamhetsomrade", area);
    properties->set("desinformationskoppling", link);
    properties->set(
        "allvarlighet",
        random.weighted({{"TILLBUD", 70}, {"ALLVARLIGT_TILLBUD", 22}, {"ARBETSSKADA", 8}}));
    properties->set("polisanmald",
                    random.weighted({{"NEJ", 75}, {"ARBETSGIVARE", 18}, {"ENSKILD", 7}}));
    properties->set("beskrivning", threatDescription(random, category, channel));
    pending.object->set("egenskaper", properties);
    return pending;
}

PendingCase disinformationCase(Random& random, int year, int month) {
    const bool campaign = year == 2022 && month <= 3;
    const Date seen = dayIn(random, year, month);
    const auto platform = campaign ? random.weighted({{"TIKTOK", 25},
                                                      {"FACEBOOK", 20},
                                                      {"YOUTUBE", 15},
                                                      {"INSTAGRAM", 10},
                                                      {"TELEGRAM", 8},
                                                      {"WHATSAPP", 10},
                                                      {"X", 5},
                                                      {"MEDIA", 3},
                                                      {"DEMONSTRATION", 4}})
                                   : random.weighted({{"FACEBOOK", 25},
                                                      {"TIKTOK", 20},
                                                      {"X", 15},
                                                      {"YOUTUBE", 10},
                                                      {"INSTAGRAM", 8},
                                                      {"TELEGRAM", 4},
                                                      {"WHATSAPP", 5},
                                                      {"MEDIA", 10},
                                                      {"SNAPCHAT", 2},
                                                      {"ANNAT", 1}});
    static const std::map<std::string, std::string> kPlatformNames{
        {"TIKTOK", "TikTok"},
        {"FACEBOOK", "Facebook"},
        {"YOUTUBE", "Youtube"},
        {"INSTAGRAM", "Instagram"},
        {"TELEGRAM", "Telegram"},
        {"WHATSAPP", "Whatsapp"},
        {"X", "X"},
        {"MEDIA", "medier"},
        {"DEMONSTRATION", "demonstration"},
        {"SNAPCHAT", "Snapchat"},
        {"ANNAT", "annan kanal"}};
    PendingCase pending;
    pending.registered = addDays(seen, random.range(1, 7));
    pending.type = "DESINFO";
    pending.classification = "1.5.2";
    pending.unit = "Kommunikationsavdelningen";
    const std::string title =
        "Observerad desinformation om socialtjänsten – " + kPlatformNames.at(platform);
    pending.object = baseCase(title, "DESINFO", "Desinformation – observation", "1.5.2",
                              "Omvärldsbevakning", pending.registered, pending.unit);
    closeOrKeepOpen(random, pending, 7, 60);
    if (random.chance(0.2))
        pending.object->set("handlaggare", Poco::Dynamic::Var());
    else
        pending.object->set("handlaggare", officer(random, "Kommunikatör", pending.unit));
    pending.object->set("sekretess", Poco::Dynamic::Var());
    Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    properties->set("forstSedd", seen.iso());
    properties->set("plattform", platform);
    properties->set(
        "sprak", campaign
                     ? random.weighted({{"ar", 55}, {"sv", 25}, {"tr", 8}, {"so", 6}, {"fa", 6}})
                     : random.weighted(
                           {{"sv", 50}, {"ar", 30}, {"tr", 5}, {"so", 8}, {"fa", 4}, {"en", 3}}));
    properties->set(
        "rackvidd",
        campaign ? random.weighted(
                       {{"UNDER_1K", 15}, {"1K_10K", 30}, {"10K_100K", 35}, {"OVER_100K", 20}})
                 : random.weighted(
                       {{"UNDER_1K", 45}, {"1K_10K", 35}, {"10K_100K", 15}, {"OVER_100K", 5}}));
    properties->set("narrativ", campaign ? random.weighted({{"KIDNAPPNING", 50},
                                                            {"RELIGIOS_OMPLACERING", 25},
                                                            {"EKONOMISKT_MOTIV", 8},
                                                            {"RATTSOSAKERHET_LVU", 10},
                                                            {"BARN_HOTAR_FORALDRAR", 5},
                                                            {"ANNAT", 2}})
                                         : random.weighted({{"KIDNAPPNING", 25},
                                                            {"RELIGIOS_OMPLACERING", 10},
                                                            {"EKONOMISKT_MOTIV", 20},
                                                            {"RATTSOSAKERHET_LVU", 25},
                                                            {"BARN_HOTAR_FORALDRAR", 10},
                                                            {"ANNAT", 10}}));
    properties->set("lokalKoppling", random.chance(campaign ? 0.3 : 0.15));
    properties->set("kalla", random.weighted({{"EGEN_BEVAKNING", 40},
                                              {"MPF", 20},
                                              {"SKR", 10},
                                              {"SOCIALSTYRELSEN", 15},
                                              {"ALLMANHET", 15}}));
    properties->set("atgard", random.weighted({{"INGEN", 25},
                                               {"BEMOTT", 25},
                                               {"PLATTFORMSRAPPORT", 25},
                                               {"POLISANMALAN", 10},
                                               {"DELAD_MPF", 15}}));
    pending.object->set("egenskaper", properties);
    return pending;
}

PendingCase measureCase(Random& random, int year, int month) {
    const Date registered = dayIn(random, year, month);
    std::vector<std::pair<std::string, int>> types{
        {"RISKBEDOMNING", 15},       {"SAKERHETSRUTIN", 12},          {"UTBILDNING", 15},
        {"INFORMATIONSMOTE", 18},    {"FLERSPRAKIG_INFORMATION", 10}, {"SKALSKYDD", 7},
        {"ANONYMISERAT_BESLUT", 4},  {"SKYDDADE_PERSONUPPGIFTER", 5}, {"SAMVERKAN", 8},
        {"LAGESBILD_ATGARDSPLAN", 5}};
    if (year >= 2024) types.push_back({"ORDNINGSVAKT", 6});  // new law in force 2024-01-01
    const auto type = random.weighted(types);
    static const std::map<std::string, std::string> kTitles{
        {"RISKBEDOMNING", "Riskbedömning av hot och våld i verksamheten"},
        {"SAKERHETSRUTIN", "Ny säkerhetsrutin för besök och hembesök"},
        {"UTBILDNING", "Utbildning i att hantera hot och våld"},
        {"INFORMATIONSMOTE", "Informationsmöte om socialtjänstens uppdrag"},
        {"FLERSPRAKIG_INFORMATION", "Flerspråkig information om socialtjänsten"},
        {"SKALSKYDD", "Förbättrat skalskydd i mottagningen"},
        {"ANONYMISERAT_BESLUT", "Anonymiserade beslut för att skydda medarbetare"},
        {"SKYDDADE_PERSONUPPGIFTER", "Skyddade personuppgifter för medarbetare"},
        {"SAMVERKAN", "Samverkan med polis och civilsamhälle mot desinformation"},
        {"LAGESBILD_ATGARDSPLAN", "Lägesbild och åtgärdsplan mot hot och desinformation"},
        {"ORDNINGSVAKT", "Ordningsvakter i socialtjänstens lokaler"}};
    const bool society = type == "INFORMATIONSMOTE" || type == "FLERSPRAKIG_INFORMATION" ||
                         type == "SAMVERKAN" ||
                         (type == "LAGESBILD_ATGARDSPLAN" && random.chance(0.5));
    const auto responsible =
        society
            ? random.pick(std::vector<std::string>{"Individ- och familjeomsorg",
                                                   "Kommunikationsavdelningen", "Barn och unga"})
            : random.pick(std::vector<std::string>{"Individ- och familjeomsorg", "HR-avdelningen",
                                                   "Säkerhetsfunktionen", "Barn och unga"});
    PendingCase pending;
    pending.registered = registered;
    pending.type = "FOREBYGGANDE";
    pending.classification = "2.4.1";
    pending.unit = responsible;
    pending.object = baseCase(kTitles.at(type), "FOREBYGGANDE", "Förebyggande åtgärd", "2.4.1",
                              "Systematiskt arbetsmiljöarbete", registered, responsible);
    pending.object->set(
        "handlaggare", random.chance(0.15)
                           ? Poco::Dynamic::Var()
                           : Poco::Dynamic::Var(officer(random, "Utvecklingsledare", responsible)));
    pending.object->set("sekretess", Poco::Dynamic::Var());
    Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    properties->set("typ", type);
    properties->set("perspektiv", std::string(society ? "SAMHALLE" : "ARBETSMILJO"));
    if (type == "INFORMATIONSMOTE")
        properties->set("arena", random.weighted({{"SKOLA", 35},
                                                  {"FORSKOLA", 15},
                                                  {"KYRKA", 10},
                                                  {"MOSKE", 15},
                                                  {"SFI", 15},
                                                  {"FORENING", 10}}));
    properties->set("ansvarigEnhet", responsible);
    // Older measures are done; those of 2024 are partly planned or under way.
    const bool recent = registered >= Date{2024, 3, 1};
    const auto status =
        recent
            ? random.weighted({{"PLANERAD", 35}, {"PAGAR", 30}, {"GENOMFORD", 30}, {"AVBRUTEN", 5}})
            : random.weighted({{"GENOMFORD", 55}, {"UPPFOLJD", 35}, {"PAGAR", 5}, {"AVBRUTEN", 5}});
    properties->set("status", status);
    if (status == "GENOMFORD" || status == "UPPFOLJD") {
        properties->set("genomford", addDays(registered, random.range(5, 60)).iso());
        if (type == "INFORMATIONSMOTE") properties->set("antalDeltagare", random.range(12, 120));
        if (type == "UTBILDNING") properties->set("antalDeltagare", random.range(8, 45));
    }
    pending.object->set("egenskaper", properties);
    if (status == "GENOMFORD" || status == "UPPFOLJD" || status == "AVBRUTEN")
        closeOrKeepOpen(random, pending, 30, 90);
    return pending;
}

// Writes one municipality's cases, the initiative's registry entries and documents, and
// the committee's meetings with their agenda items; counts them in the summary.
class Writer {
  public:
    Writer(Poco::Data::Session& session, Random& random, SeedSummary& summary)
        : session_(session), random_(random), summary_(summary) {}

    // The cases in registration order, numbered <year><series><n> per year; the initiative
    // keeps its own number, which no other case gets.
    void cases(std::vector<PendingCase>& pending, const std::string& initiativeId,
               const std::string& initiativeDnr, const std::string& series) {
        std::vector<std::string> ids, dnrs, types, classes, statuses, registered, closed, organs,
            units, jsons;
        std::map<int, int> sequence;
        for (auto& item : pending) {
            const int year = item.registered.year;
            std::string dnr;
            if (item.type == "INITIATIV") {
                dnr = initiativeDnr;
            } else {
                int number = ++sequence[year];
                if (std::to_string(year) + series + std::to_string(number) == initiativeDnr)
                    number = ++sequence[year];
                dnr = std::to_string(year) + series + std::to_string(number);
            }
            const std::string id = item.type == "INITIATIV" ? initiativeId : random_.uuid();
            Object::Ptr object = item.object;
            object->set("systemId", id);
            object->set("diarienummer", dnr);
            ids.push_back(id);
            dnrs.push_back(dnr);
            types.push_back(item.type);
            classes.push_back(item.classification);
            statuses.push_back(item.object->getObject("status")->getValue<std::string>("kode"));
            registered.push_back(item.registered.iso());
            closed.push_back(item.object->isNull("avslutad")
                                 ? std::string()
                                 : item.object->getValue<std::string>("avslutad"));
            organs.push_back(kOrgan);
            units.push_back(item.unit);
            jsons.push_back(stringify(object));
            if (item.type == "HOT_VALD") ++summary_.threats;
            if (item.type == "DESINFO") ++summary_.disinformation;
            if (item.type == "FOREBYGGANDE") ++summary_.measures;
        }
        pending.clear();
        summary_.cases = static_cast<long>(ids.size());
        session_ << "INSERT INTO arende(id, diarienummer, arendetyp, klassificering, status, "
                    "registreringsdatum, avslutad, organ, enhet, json) "
                    "VALUES(?,?,?,?,?,?,?,?,?,?)",
            use(ids), use(dnrs), use(types), use(classes), use(statuses), use(registered),
            use(closed), use(organs), use(units), use(jsons), now;
    }

    std::string entry(const std::string& caseId, int number, const std::string& title,
                      const std::string& direction, const std::string& directionName,
                      const std::string& type, const std::string& typeName,
                      const std::string& drawnUp, const std::string& received,
                      const std::string& senders, const std::string& recipients) {
        std::string id = random_.uuid();
        std::string statusCode = "J", statusName = "Journalförd", none;
        int lopnummer = number;
        session_ << "INSERT INTO handling(id, arende_id, lopnummer, rubrik, riktning_kode, "
                    "riktning_namn, handlingstyp_kode, handlingstyp_namn, status_kode, "
                    "status_namn, upprattad, ankomstdatum, avsandare, mottagare, sekretess, "
                    "extern_referens) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            useRef(id), bind(caseId), useRef(lopnummer), bind(title), bind(direction),
            bind(directionName), bind(type), bind(typeName), useRef(statusCode), useRef(statusName),
            bind(drawnUp), bind(received), bind(senders), bind(recipients), useRef(none),
            useRef(none), now;
        return id;
    }

    std::string document(const std::string& entryId, const std::string& title,
                         const std::string& fileName, const std::string& content) {
        std::string id = random_.uuid();
        Poco::Data::BLOB blob(reinterpret_cast<const unsigned char*>(content.data()),
                              content.size());
        Poco::Int64 size = static_cast<Poco::Int64>(content.size());
        session_ << "INSERT INTO dokument(id, handling_id, titel, filnamn, mimetyp, storlek, "
                    "checksumma, metod, variant_kode, variant_namn, innehall, dokumentnummer, "
                    "skapad) "
                    "VALUES(?,?,?,?,'application/pdf',?,?,'SHA-256','A','Arkivformat',?,"
                    "(SELECT COALESCE(MAX(dokumentnummer), 0) + 1 FROM dokument "
                    "WHERE handling_id = ?),"
                    "(SELECT COALESCE(NULLIF(upprattad, ''), ankomstdatum) || 'T09:00:00+01:00' "
                    "FROM handling WHERE id = ?))",
            useRef(id), bind(entryId), bind(title), bind(fileName), useRef(size),
            bind(sha256(content)), useRef(blob), bind(entryId), bind(entryId), now;
        return id;
    }

    std::string meeting(const Date& date, const std::string& place, const std::string& status,
                        const std::string& statusName) {
        std::string id = random_.uuid();
        session_ << "INSERT INTO sammantrade(id, organ, sammantradesdatum, plats, status_kode, "
                    "status_namn) VALUES(?,?,?,?,?,?)",
            useRef(id), bind(std::string(kOrgan)), bind(date.iso()), bind(place), bind(status),
            bind(statusName), now;
        ++summary_.meetings;
        return id;
    }

    std::string item(const std::string& meetingId, int punkt, int paragraf,
                     const std::string& title, const std::string& dnr, const std::string& caseId) {
        std::string id = random_.uuid();
        session_ << "INSERT INTO arendepunkt(id, sammantrade_id, punkt, paragraf, rubrik, "
                    "diarienummer, arende_id) VALUES(?,?,?,?,?,?,?)",
            useRef(id), bind(meetingId), bind(punkt), bind(paragraf), bind(title), bind(dnr),
            bind(caseId), now;
        ++summary_.agendaItems;
        return id;
    }

    void attachment(const std::string& itemId, const std::string& documentId,
                    const std::string& title) {
        session_ << "INSERT INTO bilaga(arendepunkt_id, dokument_id, titel) VALUES(?,?,?)",
            bind(itemId), bind(documentId), bind(title), now;
    }

  private:
    Poco::Data::Session& session_;
    Random& random_;
    SeedSummary& summary_;
};

// --profile small: "Norrvik kommun", a small municipality where most figures are 1–4. Every
// case is written out by hand, so a test knows what the report must (not) reveal.
const char* const kNorrvikPlace = "Kommunhuset, Norrvik";
const char* const kNorrvikDomain = "norrvik.se";

struct SmallThreat {
    Date event;
    const char *category, *channel, *area, *link, *severity, *police;
};
struct SmallObservation {
    Date seen;
    const char *platform, *language, *reach, *narrative;
    bool local;
};
struct SmallMeasure {
    Date registered;
    const char *type, *title, *perspective, *status, *unit;
    int participants;  // 0: none recorded
};

SeedSummary seedSmall(Poco::Data::Session& session, std::uint64_t seed) {
    Random random(seed);
    SeedSummary summary;
    // Nine incidents in the period 2022-01-01 – 2024-04-30 and one after it.
    const std::vector<SmallThreat> threats{
        {{2022, 2, 14}, "HOT_DIREKT", "MOTE", "BARN_UNGA", "JA", "TILLBUD", "NEJ"},
        {{2022, 3, 3},
         "UTHANGNING",
         "SOCIALA_MEDIER",
         "BARN_UNGA",
         "JA",
         "ALLVARLIGT_TILLBUD",
         "ARBETSGIVARE"},
        {{2022, 3, 22}, "HOT_DIREKT", "TELEFON", "BARN_UNGA", "JA", "TILLBUD", "NEJ"},
        {{2022, 9, 8}, "TRAKASSERI", "EPOST_BREV", "VUXEN", "NEJ", "TILLBUD", "NEJ"},
        {{2023, 1, 19}, "HOT_DIREKT", "MOTE", "FAMILJERATT", "NEJ", "TILLBUD", "NEJ"},
        {{2023, 5, 30}, "VALD", "HEMBESOK", "BARN_UNGA", "NEJ", "ARBETSSKADA", "ARBETSGIVARE"},
        {{2023, 11, 2}, "TRAKASSERI", "TELEFON", "VUXEN", "OKLART", "TILLBUD", "NEJ"},
        {{2024, 2, 12},
         "UTHANGNING",
         "SOCIALA_MEDIER",
         "BARN_UNGA",
         "JA",
         "ALLVARLIGT_TILLBUD",
         "NEJ"},
        {{2024, 4, 9}, "SKADEGORELSE", "UTANFOR_ARBETET", "ANNAT", "NEJ", "TILLBUD", "ENSKILD"},
        {{2024, 5, 6}, "HOT_DIFFUST", "TELEFON", "VUXEN", "NEJ", "TILLBUD", "NEJ"}};
    // Five items of disinformation, on three platforms.
    const std::vector<SmallObservation> observations{
        {{2022, 2, 20}, "FACEBOOK", "ar", "10K_100K", "KIDNAPPNING", true},
        {{2022, 3, 1}, "FACEBOOK", "sv", "1K_10K", "KIDNAPPNING", true},
        {{2022, 3, 15}, "MEDIA", "sv", "OVER_100K", "RATTSOSAKERHET_LVU", false},
        {{2023, 6, 10}, "X", "sv", "UNDER_1K", "EKONOMISKT_MOTIV", false},
        {{2024, 2, 8}, "FACEBOOK", "sv", "1K_10K", "KIDNAPPNING", true}};
    // Four measures: two done, one under way, one planned.
    const std::vector<SmallMeasure> measures{{{2022, 4, 4},
                                              "UTBILDNING",
                                              "Utbildning i att hantera hot och våld",
                                              "ARBETSMILJO",
                                              "GENOMFORD",
                                              "Individ- och familjeomsorg",
                                              14},
                                             {{2023, 9, 12},
                                              "SAKERHETSRUTIN",
                                              "Ny säkerhetsrutin för besök och hembesök",
                                              "ARBETSMILJO",
                                              "UPPFOLJD",
                                              "Individ- och familjeomsorg",
                                              0},
                                             {{2024, 3, 18},
                                              "FLERSPRAKIG_INFORMATION",
                                              "Flerspråkig information om socialtjänsten",
                                              "SAMHALLE",
                                              "PAGAR",
                                              "Individ- och familjeomsorg",
                                              0},
                                             {{2024, 4, 2},
                                              "INFORMATIONSMOTE",
                                              "Informationsmöte om socialtjänstens uppdrag",
                                              "SAMHALLE",
                                              "PLANERAD",
                                              "Individ- och familjeomsorg",
                                              0}};

    std::vector<PendingCase> pending;
    for (const auto& t : threats) {
        PendingCase c;
        c.registered = addDays(t.event, 3);
        c.type = "HOT_VALD";
        c.classification = "2.4.3";
        c.unit = t.area == std::string("VUXEN") ? "Vuxen" : "Individ- och familjeomsorg";
        c.object =
            baseCase(kThreatTitles.at(t.category), "HOT_VALD", "Hot och våld mot medarbetare",
                     "2.4.3", "Tillbud och arbetsskador", c.registered, c.unit);
        closeOrKeepOpen(random, c, 14, 60);
        c.object->set("handlaggare", officer(random, "Enhetschef", c.unit, kNorrvikDomain));
        c.object->set("sekretess", Poco::Dynamic::Var());
        Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        properties->set("datum", t.event.iso());
        properties->set("kategori", std::string(t.category));
        properties->set("kanal", std::string(t.channel));
        properties->set("riktadMot", std::string("MEDARBETARE"));
        properties->set("verksamhetsomrade", std::string(t.area));
        properties->set("desinformationskoppling", std::string(t.link));
        properties->set("allvarlighet", std::string(t.severity));
        properties->set("polisanmald", std::string(t.police));
        properties->set("beskrivning", threatDescription(random, t.category, t.channel));
        c.object->set("egenskaper", properties);
        pending.push_back(c);
    }
    for (const auto& o : observations) {
        PendingCase c;
        c.registered = addDays(o.seen, 2);
        c.type = "DESINFO";
        c.classification = "1.5.2";
        c.unit = "Individ- och familjeomsorg";
        c.object = baseCase("Observerad desinformation om socialtjänsten", "DESINFO",
                            "Desinformation – observation", "1.5.2", "Omvärldsbevakning",
                            c.registered, c.unit);
        closeOrKeepOpen(random, c, 7, 30);
        c.object->set("handlaggare", officer(random, "Utredare", c.unit, kNorrvikDomain));
        c.object->set("sekretess", Poco::Dynamic::Var());
        Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        properties->set("forstSedd", o.seen.iso());
        properties->set("plattform", std::string(o.platform));
        properties->set("sprak", std::string(o.language));
        properties->set("rackvidd", std::string(o.reach));
        properties->set("narrativ", std::string(o.narrative));
        properties->set("lokalKoppling", o.local);
        properties->set("kalla", std::string("EGEN_BEVAKNING"));
        properties->set("atgard", std::string("PLATTFORMSRAPPORT"));
        c.object->set("egenskaper", properties);
        pending.push_back(c);
    }
    for (const auto& m : measures) {
        PendingCase c;
        c.registered = m.registered;
        c.type = "FOREBYGGANDE";
        c.classification = "2.4.1";
        c.unit = m.unit;
        c.object = baseCase(m.title, "FOREBYGGANDE", "Förebyggande åtgärd", "2.4.1",
                            "Systematiskt arbetsmiljöarbete", m.registered, m.unit);
        c.object->set("handlaggare", officer(random, "Utvecklingsledare", m.unit, kNorrvikDomain));
        c.object->set("sekretess", Poco::Dynamic::Var());
        Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        properties->set("typ", std::string(m.type));
        properties->set("perspektiv", std::string(m.perspective));
        if (m.type == std::string("INFORMATIONSMOTE"))
            properties->set("arena", std::string("SKOLA"));
        properties->set("ansvarigEnhet", std::string(m.unit));
        properties->set("status", std::string(m.status));
        const std::string status = m.status;
        if (status == "GENOMFORD" || status == "UPPFOLJD") {
            properties->set("genomford", addDays(m.registered, 30).iso());
            if (m.participants > 0) properties->set("antalDeltagare", m.participants);
        }
        c.object->set("egenskaper", properties);
        if (status == "GENOMFORD" || status == "UPPFOLJD") closeOrKeepOpen(random, c, 40, 60);
        pending.push_back(c);
    }

    // The initiative 2024SN12, registered 2024-03-04 and decided at once on 2024-03-13.
    const std::string initiativeTitle =
        "Initiativärende om hot och desinformation mot socialtjänsten i Norrvik";
    const std::string initiativeId = random.uuid();
    {
        Object::Ptr object =
            baseCase(initiativeTitle, "INITIATIV", "Initiativärende", "1.2.1", "Initiativärenden",
                     Date{2024, 3, 4}, "Individ- och familjeomsorg");
        Object::Ptr handlaggare = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        handlaggare->set("namn", std::string("Maja Strand"));
        handlaggare->set("titel", std::string("Utredare"));
        handlaggare->set("enhet", std::string("Individ- och familjeomsorg"));
        handlaggare->set("epost", std::string("maja.strand@norrvik.se"));
        object->set("handlaggare", handlaggare);
        object->set("sekretess", Poco::Dynamic::Var());
        Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        properties->set("svarSenast", std::string("2024-06-12"));
        object->set("egenskaper", properties);
        pending.push_back(PendingCase{Date{2024, 3, 4}, object, "INITIATIV", "1.2.1",
                                      "Individ- och familjeomsorg"});
    }
    std::stable_sort(
        pending.begin(), pending.end(),
        [](const PendingCase& a, const PendingCase& b) { return a.registered < b.registered; });

    Writer writer(session, random, summary);
    session.begin();
    writer.cases(pending, initiativeId, "2024SN12", "SN");
    const std::string committee = R"([{"namn":"Socialnämnden"}])";
    const auto initiativeEntry = writer.entry(
        initiativeId, 1, initiativeTitle, "I", "Inkommande", "INITIATIV", "Initiativärende", "",
        "2024-03-04", R"json([{"namn":"Per Olsson (C)"},{"namn":"Lena Berg (M)"}])json", committee);
    const auto initiativeDocument = writer.document(
        initiativeEntry, initiativeTitle, "2024SN12-initiativarende.pdf",
        simplePdf("Initiativärende 2024SN12",
                  "Vi vill att förvaltningen informerar nämnden om hot och desinformation mot "
                  "socialtjänsten i Norrvik kommun och om kommunens förebyggande arbete.\n"
                  "Per Olsson (C), Lena Berg (M)"));
    const auto minutesEntry = writer.entry(
        initiativeId, 2,
        "Protokollsutdrag Socialnämnden 2024-03-13 § 18 – Uppdrag till förvaltningen: " +
            initiativeTitle,
        "U", "Upprättad", "PROTUTDR", "Protokollsutdrag", "2024-03-13", "", "[]", committee);
    writer.document(minutesEntry, "Protokollsutdrag 2024-03-13 § 18",
                    "2024SN12-protokollsutdrag-2024-03-13-18.pdf",
                    simplePdf("Protokollsutdrag Socialnämnden",
                              "Sammanträdesdatum 2024-03-13, § 18, Dnr 2024SN12\n"
                              "Beslut: Socialnämnden ger förvaltningen i uppdrag att informera "
                              "nämnden senast 12 juni 2024 om hot och desinformation mot "
                              "socialtjänsten samt kommunens förebyggande arbete."));

    // Socialnämnden in Norrvik meets five times in spring 2024; 2024-06-12 is the deadline.
    const std::vector<std::pair<Date, std::string>> meetings{{{2024, 1, 17}, "GENOMFORT"},
                                                             {{2024, 3, 13}, "GENOMFORT"},
                                                             {{2024, 4, 17}, "GENOMFORT"},
                                                             {{2024, 5, 15}, "GENOMFORT"},
                                                             {{2024, 6, 12}, "PLANERAT"}};
    int paragraph = 0;
    for (const auto& [date, status] : meetings) {
        const bool held = status == "GENOMFORT";
        const auto meetingId =
            writer.meeting(date, kNorrvikPlace, status, held ? "Genomfört" : "Planerat");
        if (date == Date{2024, 3, 13}) paragraph = 16;
        writer.item(meetingId, 1, held ? ++paragraph : 0, "Val av justerare", "", "");
        writer.item(meetingId, 2, held ? ++paragraph : 0, "Anmälan av delegationsbeslut", "", "");
        if (date == Date{2024, 3, 13}) {
            const auto item =
                writer.item(meetingId, 3, ++paragraph, initiativeTitle, "2024SN12", initiativeId);
            writer.attachment(item, initiativeDocument, initiativeTitle);
        }
        if (date == Date{2024, 6, 12})
            writer.item(meetingId, 3, 0, "Information om hot och desinformation mot socialtjänsten",
                        "2024SN12", initiativeId);
    }
    session.commit();
    return summary;
}
}  // namespace

std::string simplePdf(const std::string& title, const std::string& text) {
    // UTF-8 to WinAnsi for the characters Swedish text needs.
    auto winAnsi = [](const std::string& utf8) {
        std::string out;
        for (std::size_t i = 0; i < utf8.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(utf8[i]);
            unsigned code = c;
            if (c >= 0xC0 && i + 1 < utf8.size() && c < 0xE0) {
                code = ((c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F);
            } else if (c >= 0xE0 && i + 2 < utf8.size()) {
                code = ((c & 0x0F) << 12) |
                       ((static_cast<unsigned char>(utf8[i + 1]) & 0x3F) << 6) |
                       (static_cast<unsigned char>(utf8[i + 2]) & 0x3F);
                i += 2;
            }
            if (code == 0x2013) code = 0x96;
            if (code > 0xFF) code = '?';
            if (code == '(' || code == ')' || code == '\\') out += '\\';
            out += static_cast<char>(code);
        }
        return out;
    };
    std::vector<std::string> lines{title, ""};
    std::istringstream paragraphs(text);
    for (std::string paragraph; std::getline(paragraphs, paragraph);) {
        std::string line;
        std::istringstream words(paragraph);
        for (std::string word; words >> word;) {
            if (!line.empty() && line.size() + word.size() > 88) {
                lines.push_back(line);
                line.clear();
            }
            line += (line.empty() ? "" : " ") + word;
        }
        lines.push_back(line);
    }
    std::string stream = "BT /F1 10 Tf 56 790 Td 13 TL\n";
    for (const auto& line : lines) stream += "(" + winAnsi(line) + ") Tj T*\n";
    stream += "ET\n";
    std::vector<std::string> objects{
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
        ">> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "endstream"};
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const auto xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto offset : offsets) {
        char entry[24];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        pdf += entry;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

SeedSummary seedDatabase(const SeedOptions& options) {
    if (options.scale < 1) throw std::runtime_error("--scale must be at least 1");
    if (options.profile != "default" && options.profile != "small")
        throw std::runtime_error("--profile must be default or small, not '" + options.profile +
                                 "'");
    if (options.profile == "small" && options.scale != 1)
        throw std::runtime_error("--scale applies to the default profile only");
    Store::registerConnector();
    Poco::Data::Session session("SQLite", options.database);
    session << "PRAGMA journal_mode=WAL", now;
    session << "PRAGMA synchronous=OFF", now;
    Store::createSchema(session);
    Poco::Int64 existing = 0;
    session << "SELECT COUNT(*) FROM arende", into(existing), now;
    if (existing > 0)
        throw std::runtime_error("the database already holds cases; seed a fresh file");
    if (options.profile == "small") return seedSmall(session, options.seed);

    Random random(options.seed);
    SeedSummary summary;
    std::vector<PendingCase> pending;
    for (int index = 0; index < 36; ++index) {
        const int year = 2022 + index / 12, month = index % 12 + 1;
        for (int i = 0; i < kThreatsPerMonth[index] * options.scale; ++i)
            pending.push_back(threatCase(random, year, month));
        for (int i = 0; i < kDisinformationPerMonth[index] * options.scale; ++i)
            pending.push_back(disinformationCase(random, year, month));
        for (int i = 0; i < kMeasuresPerMonth[index] * options.scale; ++i)
            pending.push_back(measureCase(random, year, month));
    }
    std::stable_sort(
        pending.begin(), pending.end(),
        [](const PendingCase& a, const PendingCase& b) { return a.registered < b.registered; });

    // The initiative, registered 2024-02-05 as 2024SOCN33.
    const std::string initiativeTitle =
        "Initiativärende gällande information om hot och desinformation mot socialtjänsten samt "
        "kommunens förebyggande arbete";
    const std::string initiativeId = random.uuid();
    {
        Object::Ptr object =
            baseCase(initiativeTitle, "INITIATIV", "Initiativärende", "1.2.1", "Initiativärenden",
                     Date{2024, 2, 5}, "Individ- och familjeomsorg");
        Object::Ptr handlaggare = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        handlaggare->set("namn", std::string("Elin Sandvik"));
        handlaggare->set("titel", std::string("Utredare"));
        handlaggare->set("enhet", std::string("Individ- och familjeomsorg"));
        handlaggare->set("epost", std::string("elin.sandvik@ekbacka.se"));
        object->set("handlaggare", handlaggare);
        object->set("sekretess", Poco::Dynamic::Var());
        // The date the committee wants the answer by, as its decision of 2024-03-20 set it.
        Object::Ptr properties = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        properties->set("svarSenast", std::string("2024-06-19"));
        object->set("egenskaper", properties);
        PendingCase initiative{Date{2024, 2, 5}, object, "INITIATIV", "1.2.1",
                               "Individ- och familjeomsorg"};
        auto at = std::upper_bound(
            pending.begin(), pending.end(), initiative,
            [](const PendingCase& a, const PendingCase& b) { return a.registered < b.registered; });
        pending.insert(at, initiative);
    }

    Writer writer(session, random, summary);
    session.begin();
    writer.cases(pending, initiativeId, "2024SOCN33", "SOCN");

    // Registry entries and documents of the initiative.
    auto addEntry = [&](int number, const std::string& title, const std::string& direction,
                        const std::string& directionName, const std::string& type,
                        const std::string& typeName, const std::string& drawnUp,
                        const std::string& received, const std::string& senders,
                        const std::string& recipients) {
        return writer.entry(initiativeId, number, title, direction, directionName, type, typeName,
                            drawnUp, received, senders, recipients);
    };
    auto addDocument = [&](const std::string& entryId, const std::string& title,
                           const std::string& fileName, const std::string& content) {
        return writer.document(entryId, title, fileName, content);
    };
    const std::string politicians =
        R"json([{"namn":"Karin Lindell (S)"},{"namn":"Mona Dahlberg (V)"},{"namn":"Tomas Ekholm (S)"},{"namn":"Birgitta Sjödin (S)"}])json";
    const std::string committee = R"([{"namn":"Socialnämnden"}])";
    const auto initiativeEntry =
        addEntry(1, initiativeTitle, "I", "Inkommande", "INITIATIV", "Initiativärende", "",
                 "2024-02-05", politicians, committee);
    const std::string initiativeText =
        "Under en längre tid har det pågått riktade kampanjer mot svensk socialtjänst såväl "
        "nationellt som internationellt, följt av direkta hot mot tjänstepersoner och politiker.\n"
        "Ekbacka kommun har märkt av att kampanjer pågår på olika sätt.\n"
        "Förvaltningen ges i uppdrag att informera nämnden senast 19 juni 2024 om följande:\n"
        "- Vad hot och desinformation mot socialtjänsten i Sverige innebär (historik, utveckling "
        "och konsekvenser).\n"
        "- Eventuella hot och desinformationskampanjer riktade mot socialtjänsten i Ekbacka "
        "kommun.\n"
        "- Hur Ekbacka kommun arbetar förebyggande för att stävja hot och desinformation, ur både "
        "arbetsmiljö- och samhällsperspektiv.\n"
        "- Förvaltningens tankar om vad politiken kan bidra med i arbetet mot hot och "
        "desinformation.\n"
        "Karin Lindell (S), Mona Dahlberg (V), Tomas Ekholm (S), Birgitta Sjödin (S)";
    const auto initiativeDocument =
        addDocument(initiativeEntry, initiativeTitle, "2024SOCN33-initiativarende.pdf",
                    simplePdf("Initiativärende 2024SOCN33", initiativeText));
    const auto minutesEntry = addEntry(
        2, "Protokollsutdrag Socialnämnden 2024-02-07 § 22 – Bordläggning: " + initiativeTitle, "U",
        "Upprättad", "PROTUTDR", "Protokollsutdrag", "2024-02-07", "", "[]", committee);
    const std::string minutesText =
        "Sammanträdesdatum 2024-02-07, § 22, Dnr 2024SOCN33\n"
        "Beslut: Socialnämnden bordlägger initiativärende gällande information om hot och "
        "desinformation mot socialtjänsten samt kommunens förebyggande arbete.\n"
        "Beslutsunderlag: Initiativärende från Karin Lindell (S), Mona Dahlberg (V), Tomas Ekholm "
        "(S) och Birgitta Sjödin (S), inkom 5 februari 2024.\n"
        "Beslutsgång: Ordföranden frågar om socialnämnden bifaller förslaget och finner att så "
        "sker.";
    addDocument(minutesEntry, "Protokollsutdrag 2024-02-07 § 22",
                "2024SOCN33-protokollsutdrag-2024-02-07-22.pdf",
                simplePdf("Protokollsutdrag Socialnämnden", minutesText));

    // Socialnämnden meets monthly except July; 2024-06-19 is the deadline meeting.
    auto addMeeting = [&](const Date& date, const std::string& status,
                          const std::string& statusName) {
        return writer.meeting(date, kPlace, status, statusName);
    };
    auto addItem = [&](const std::string& meetingId, int punkt, int paragraf,
                       const std::string& title, const std::string& dnr,
                       const std::string& caseId) {
        return writer.item(meetingId, punkt, paragraf, title, dnr, caseId);
    };
    const std::vector<std::string> standingItems{
        "Val av justerare", "Godkännande av dagordning", "Månadsuppföljning ekonomi",
        "Anmälan av delegationsbeslut", "Information från förvaltningen"};
    int paragraphOfYear = 0, lastYear = 0, assignmentParagraph = 0;
    for (int year = 2022; year <= 2024; ++year) {
        for (int month = 1; month <= 12; ++month) {
            if (month == 7) continue;
            int day = (year == 2024 && month == 2) ? 7 : (year == 2024 && month == 6) ? 19 : 0;
            if (day == 0) {  // the last-but-one Wednesday of the month
                Date last{year, month, committee_report::core::daysInMonth(year, month)};
                while ((last.daysSinceEpoch() + 4) % 7 != 3)
                    last = addDays(last, -1);  // 1970-01-01 was a Thursday
                day = addDays(last, -7).day;
            }
            const Date date{year, month, day};
            std::string status = "GENOMFORT", statusName = "Genomfört";
            if (date == Date{2024, 5, 22} || (date > Date{2024, 5, 1} && date < Date{2024, 6, 1})) {
                status = "PUBLICERAT";
                statusName = "Dagordning publicerad";
            } else if (date >= Date{2024, 6, 1}) {
                status = "PLANERAT";
                statusName = "Planerat";
            }
            const auto meetingId = addMeeting(date, status, statusName);
            if (year != lastYear) {
                paragraphOfYear = 0;
                lastYear = year;
            }
            const bool held = status == "GENOMFORT";
            int punkt = 0;
            for (const auto& title : standingItems) {
                ++punkt;
                addItem(meetingId, punkt, held ? ++paragraphOfYear : 0, title, "", "");
            }
            if (date == Date{2024, 2, 7}) {
                punkt = 13;  // item 13 of the agenda, § 22 of the minutes
                paragraphOfYear = 21;
                const auto item =
                    addItem(meetingId, punkt, ++paragraphOfYear,
                            "Bordlagt ärende: " + initiativeTitle, "2024SOCN33", initiativeId);
                writer.attachment(item, initiativeDocument, initiativeTitle);
            }
            if (date == Date{2024, 3, 20}) {  // the tabled initiative is decided
                assignmentParagraph = ++paragraphOfYear;
                addItem(meetingId, ++punkt, assignmentParagraph,
                        "Bordlagt ärende: " + initiativeTitle, "2024SOCN33", initiativeId);
            }
            if (date == Date{2024, 6, 19}) {
                addItem(meetingId, 6, 0, "Delårsrapport för socialnämnden", "", "");
                addItem(meetingId, 7, 0, "Information om hot och desinformation mot socialtjänsten",
                        "2024SOCN33", initiativeId);
            }
        }
    }
    // The decision that gave the assignment, in the minutes of 2024-03-20. Its title says
    // what was decided, as a registrar writes it; the report reads the decision from there.
    {
        const std::string paragraph = "§ " + std::to_string(assignmentParagraph);
        const auto entry = addEntry(
            3,
            "Protokollsutdrag Socialnämnden 2024-03-20 " + paragraph +
                " – Bifall och uppdrag till förvaltningen: " + initiativeTitle,
            "U", "Upprättad", "PROTUTDR", "Protokollsutdrag", "2024-03-20", "", "[]", committee);
        const std::string text =
            "Sammanträdesdatum 2024-03-20, " + paragraph +
            ", Dnr 2024SOCN33\n"
            "Beslut: Socialnämnden bifaller initiativärendet och ger förvaltningen i uppdrag att "
            "informera nämnden senast 19 juni 2024 om hot och desinformation mot socialtjänsten "
            "samt kommunens förebyggande arbete.\n"
            "Beslutsunderlag: Initiativärende, inkom 5 februari 2024; protokollsutdrag 2024-02-07 "
            "§ 22.";
        addDocument(entry, "Protokollsutdrag 2024-03-20 " + paragraph,
                    "2024SOCN33-protokollsutdrag-2024-03-20-" +
                        std::to_string(assignmentParagraph) + ".pdf",
                    simplePdf("Protokollsutdrag Socialnämnden", text));
    }
    session.commit();
    return summary;
}

}  // namespace reference_registry
