// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <string_view>

class QSocketNotifier;
class QTimer;

namespace flakeoff {

// A pipe for a child's stderr that is read in batches. Nix writes every log line with its own
// write(); reading each as it comes costs a wake-up of the event loop per line (about 2 µs of our
// CPU per line, 2% of a chatty build). After a read this reader stays away for `batchMs` and then
// takes everything that arrived meanwhile, so it wakes at most 1000/batchMs times a second. The
// pipe is enlarged (1 MiB) so a burst never blocks the writer while we wait: watching must not slow
// the build. Arrival times stay within `batchMs` of the truth.
class BatchedPipeReader : public QObject
{
    Q_OBJECT
public:
    using Sink = std::function<void(std::string_view bytes)>;

    explicit BatchedPipeReader(QObject *parent = nullptr);
    ~BatchedPipeReader() override;

    // Creates the pipe. False, with a reason, when the system refuses (out of descriptors).
    bool open(QString *error);
    // The end the child writes to (dup it onto its stderr between fork and exec), -1 before open().
    int writeEnd() const { return m_write; }
    // After the child was forked: closes our copy of the write end and starts reading into `sink`.
    void start(Sink sink, int batchMs);
    // Reads, without waiting, everything already in the pipe; then stops reading and closes it.
    // For when the child has exited (anything still to come would be from a stray grandchild).
    void drainAndClose();
    void close();
    bool isOpen() const { return m_read >= 0; }
    // Whether the write end was closed by every writer (end of file seen).
    bool atEnd() const { return m_atEnd; }

private:
    void readAvailable();
    void onReadable();

    int m_read = -1;
    int m_write = -1;
    int m_batchMs = 0;
    bool m_atEnd = false;
    Sink m_sink;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_resume = nullptr;
};

} // namespace flakeoff
