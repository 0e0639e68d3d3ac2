// SPDX-License-Identifier: MIT
#include "BatchedPipeReader.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace flakeoff {

namespace {
constexpr int kPipeBytes = 1 << 20; // the unprivileged maximum (/proc/sys/fs/pipe-max-size)
constexpr std::size_t kReadBytes = 256 * 1024;
} // namespace

BatchedPipeReader::BatchedPipeReader(QObject *parent) : QObject(parent) {}

BatchedPipeReader::~BatchedPipeReader()
{
    close();
}

bool BatchedPipeReader::open(QString *error)
{
    close();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        if (error)
            *error = QStringLiteral("cannot create a pipe for the log: %1")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_read = fds[0];
    m_write = fds[1];
    m_atEnd = false;
    ::fcntl(m_read, F_SETPIPE_SZ, kPipeBytes); // best effort: the default 64 KiB still works
    ::fcntl(m_read, F_SETFL, ::fcntl(m_read, F_GETFL) | O_NONBLOCK);
    return true;
}

void BatchedPipeReader::start(Sink sink, int batchMs)
{
    if (m_write >= 0) {
        ::close(m_write); // the child holds its own copy; ours would keep end-of-file from coming
        m_write = -1;
    }
    if (m_read < 0)
        return;
    m_sink = std::move(sink);
    m_batchMs = batchMs;
    m_notifier = new QSocketNotifier(m_read, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &BatchedPipeReader::onReadable);
    m_resume = new QTimer(this);
    m_resume->setSingleShot(true);
    m_resume->setTimerType(Qt::PreciseTimer);
    connect(m_resume, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true);
    });
}

void BatchedPipeReader::onReadable()
{
    readAvailable();
    if (!m_notifier)
        return;
    if (m_atEnd) {
        close();
        return;
    }
    if (m_batchMs > 0) {
        m_notifier->setEnabled(false);
        m_resume->start(m_batchMs);
    }
}

void BatchedPipeReader::readAvailable()
{
    if (m_read < 0)
        return;
    static thread_local std::string buffer;
    buffer.resize(kReadBytes);
    // Bounded, so a writer faster than us cannot keep us here; the notifier brings us back.
    for (int reads = 0; reads < 64;) {
        const ssize_t n = ::read(m_read, buffer.data(), buffer.size());
        if (n > 0) {
            ++reads;
            if (m_sink)
                m_sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
            continue;
        }
        if (n == 0)
            m_atEnd = true;
        else if (errno == EINTR)
            continue;
        return; // EAGAIN: all there is for now (or an error: the child's side is gone)
    }
}

void BatchedPipeReader::drainAndClose()
{
    readAvailable();
    close();
}

void BatchedPipeReader::close()
{
    // Later: close() may run inside the notifier's own signal.
    if (m_notifier) {
        m_notifier->setEnabled(false);
        m_notifier->deleteLater();
        m_notifier = nullptr;
    }
    if (m_resume) {
        m_resume->stop();
        m_resume->deleteLater();
        m_resume = nullptr;
    }
    if (m_read >= 0)
        ::close(m_read);
    if (m_write >= 0)
        ::close(m_write);
    m_read = m_write = -1;
}

} // namespace flakeoff
