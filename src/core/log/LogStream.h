// SPDX-License-Identifier: MIT
#pragma once

#include "BuildReportBuilder.h"
#include "LineReader.h"
#include "LogEventParser.h"

#include <QString>

#include <map>
#include <string_view>

namespace flakeoff {

class SavedLogWriter;

// The log engine's pipeline for one stream: bytes → lines → events → build report.
//   Live:    bytes straight from a process; each chunk stamped by the caller on arrival.
//   Saved:   Flakeoff's saved-log format; times come from each line's prefix.
//   Untimed: a plain stderr capture; no times, so durations stay unknown (not zero).
class LogStream : private LineSink
{
public:
    enum class Timing
    {
        Live,
        Saved,
        Untimed
    };

    explicit LogStream(Timing timing, std::size_t maxLineBytes = LineReader::kDefaultMaxLineBytes);

    // Every line of a Live stream is also written to `recorder` (may be null) with its stamp.
    // Call after the recorder wrote its header: lines are then numbered as in the saved file.
    void setRecorder(SavedLogWriter *recorder);

    void feed(std::string_view bytes, TimeUs arrivalUs = std::nullopt);
    // Ends the stream. For a saved log, a `#end` line supplies the end and exit code when the
    // arguments do not.
    void finish(TimeUs endUs = std::nullopt, std::optional<int> exitCode = std::nullopt, bool killed = false);

    Timing timing() const { return m_timing; }
    const BuildReportBuilder &builder() const { return m_builder; }
    BuildReportBuilder &builder() { return m_builder; }
    BuildReport snapshot() const { return m_builder.snapshot(); }
    BuildReport takeReport() { return m_builder.takeReport(); }
    const std::map<std::string, std::string> &metadata() const { return m_metadata; }
    std::int64_t lineCount() const { return m_reader.linesEmitted(); }
    std::uint64_t byteCount() const { return m_reader.bytesConsumed(); }
    std::uint64_t fastPathHits() const { return m_parser.fastPathHits(); }

private:
    void onLine(const RawLine &line) override;
    void onSavedLine(const RawLine &line);
    // `text` and `arrivalUs` replace the line's own (a saved line without its time prefix), passed
    // apart rather than in a copy of `line`: copying the struct LineReader has just written stalls
    // store forwarding, which cost 5% of a parse.
    void handle(const RawLine &line, std::string_view text, const TimeUs &arrivalUs);
    bool inChunk(std::string_view text) const;

    Timing m_timing;
    LineReader m_reader;
    LogEventParser m_parser;
    BuildReportBuilder m_builder;
    LogEvent m_event;         // reused: keeps its buffers' capacity across lines
    std::string_view m_chunk; // the bytes feed() is reading, while it reads them
    SavedLogWriter *m_recorder = nullptr;
    std::map<std::string, std::string> m_metadata;
    TimeUs m_savedEndUs;
    std::optional<int> m_savedExit;
    bool m_savedKilled = false;
};

} // namespace flakeoff
