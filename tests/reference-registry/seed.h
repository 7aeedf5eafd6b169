// Fills a fresh reference-registry database with the fictional municipality
// "Ekbacka kommun": the initiative case 2024SOCN33 with its registry entries and
// documents, Socialnämnden's meetings 2022–2024 with agenda items, and a few
// hundred HOT_VALD, DESINFO and FOREBYGGANDE cases (times --scale), all
// invented and deterministic for a given --seed.
// Profile "small" instead fills it with "Norrvik kommun": the initiative 2024SN12, a
// handful of hand-written cases (most report cells 1–4) and five meetings in 2024.
#pragma once

#include <cstdint>
#include <string>

namespace reference_registry {

struct SeedOptions {
    std::string database;
    int scale = 1;
    std::uint64_t seed = 1;
    std::string profile = "default";  // or "small"
};

struct SeedSummary {
    long cases = 0;
    long threats = 0;         // HOT_VALD
    long disinformation = 0;  // DESINFO
    long measures = 0;        // FOREBYGGANDE
    long meetings = 0;
    long agendaItems = 0;
};

// Throws std::runtime_error if the database already holds cases.
SeedSummary seedDatabase(const SeedOptions& options);

// A minimal one-page PDF (Helvetica, WinAnsi) of the given UTF-8 lines.
[[nodiscard]] std::string simplePdf(const std::string& title, const std::string& text);

}  // namespace reference_registry
