// A fake Hugging Face Hub for the download tests (and writeCachedModel, a cache entry made by hand): a small HTTP/1.1 server on 127.0.0.1 (a
// thread, one connection at a time, "Connection: close") that answers the three requests a
// download makes, with faults to order:
//   GET /api/models/ORG/NAME/revision/REV?blobs=true  -> {"sha", "siblings": [{rfilename,
//        blobId, size, lfs: {sha256, size}}]} (404 for unknown repositories)
//   GET /ORG/NAME/resolve/COMMIT/FILE                 -> 302 to /cdn/COMMIT/FILE (401 when gated
//        and no "Authorization: Bearer secret")
//   GET /cdn/COMMIT/FILE                              -> the bytes; honours "Range: bytes=N-"
// Hashes come from QCryptographicHash, independent of the code under test. Bounded: every
// socket has a timeout and the destructor stops the thread.
#pragma once

#include "attnscope/hub_cache.h"
#include "attnscope/hub_download.h"

#include <QCryptographicHash>
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class FakeHub {
public:
    struct Repo {
        std::string commit;                       // 40 hex digits
        std::map<std::string, QByteArray> files;  // name -> content
        bool gated = false;                       // files need "Authorization: Bearer secret"
    };

    FakeHub() {
        listen_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(listen_, 8) == 0) {
            socklen_t len = sizeof addr;
            ::getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len);
            port_ = ntohs(addr.sin_port);
            thread_ = std::thread([this] { serve(); });
        }
    }
    ~FakeHub() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (listen_ >= 0) ::close(listen_);
    }
    FakeHub(const FakeHub&) = delete;
    FakeHub& operator=(const FakeHub&) = delete;

    bool running() const { return port_ != 0; }
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // The commit the fake repositories are at (any 40 hex digits).
    static constexpr const char* kCommit = "0123456789abcdef0123456789abcdef01234567";
    // A repository holding every file of a folder.
    static Repo repoFrom(const std::string& folder, const std::string& commit = kCommit) {
        Repo r;
        r.commit = commit;
        r.files = filesOf(QString::fromStdString(folder));
        return r;
    }
    // Download options that fetch from this server into cacheDir, with short timeouts.
    attnscope::hub::DownloadOptions optionsFor(const QString& cacheDir) const {
        attnscope::hub::DownloadOptions o;
        o.endpoint = endpoint();
        o.cacheDir = cacheDir.toStdString();
        o.connectTimeoutSeconds = 5;
        o.stallSeconds = 5;
        return o;
    }

    void addRepo(const std::string& id, Repo repo) {
        std::lock_guard<std::mutex> lock(mutex_);
        repos_[id] = std::move(repo);
    }
    // Every file of a folder (not recursive).
    static std::map<std::string, QByteArray> filesOf(const QString& dir) {
        std::map<std::string, QByteArray> files;
        for (const QString& name : QDir(dir).entryList(QDir::Files)) {
            QFile f(dir + "/" + name);
            if (f.open(QIODevice::ReadOnly)) files[name.toStdString()] = f.readAll();
        }
        return files;
    }

    // Faults. cut: the next `times` answers for FILE send the headers of the whole answer and
    // only `afterBytes` of the body, then close. corrupt: FILE is served with one byte flipped
    // (the API still reports the true hash). ignoreRange: always answer 200 with the whole file.
    // stall: FILE's answer sends its headers, then nothing until the client gives up.
    void cut(const std::string& file, std::size_t afterBytes, int times = 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        cutFile_ = file;
        cutAfter_ = afterBytes;
        cutTimes_ = times;
    }
    void corrupt(const std::string& file) {
        std::lock_guard<std::mutex> lock(mutex_);
        corruptFile_ = file;
    }
    void ignoreRange(bool on) { ignoreRange_ = on; }
    void stall(const std::string& file) {
        std::lock_guard<std::mutex> lock(mutex_);
        stallFile_ = file;
    }

    // Request lines seen ("GET /path"), each followed by " range=N-" when it asked for a range.
    std::vector<std::string> log() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return log_;
    }
    void clearLog() {
        std::lock_guard<std::mutex> lock(mutex_);
        log_.clear();
    }
    int countRequests(const std::string& fragment) const {
        int n = 0;
        for (const auto& line : log())
            if (line.find(fragment) != std::string::npos) ++n;
        return n;
    }

    static std::string sha256(const QByteArray& b) {
        return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex().toStdString();
    }
    static std::string gitBlobId(const QByteArray& b) {
        QByteArray blob = "blob " + QByteArray::number(b.size());
        blob.append('\0');
        blob.append(b);
        return QCryptographicHash::hash(blob, QCryptographicHash::Sha1).toHex().toStdString();
    }
    // Files over 1 kB are "LFS" files (reported with a SHA-256), as the Hub does for large ones.
    static bool isLfs(const QByteArray& b) { return b.size() > 1024; }

private:
    struct Request {
        std::string method, path, range, authorization;
    };

    void serve() {
        while (!stop_) {
            pollfd p{listen_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listen_, nullptr, nullptr);
            if (fd < 0) continue;
            timeval tv{5, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            Request r;
            if (readRequest(fd, r)) answer(fd, r);
            ::shutdown(fd, SHUT_RDWR);
            ::close(fd);
        }
    }

    static bool readRequest(int fd, Request& r) {
        std::string head;
        char buf[2048];
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return false;
            head.append(buf, static_cast<std::size_t>(n));
        }
        const auto lineEnd = head.find("\r\n");
        const std::string first = head.substr(0, lineEnd);
        const auto s1 = first.find(' '), s2 = first.rfind(' ');
        if (s1 == std::string::npos || s2 <= s1) return false;
        r.method = first.substr(0, s1);
        r.path = first.substr(s1 + 1, s2 - s1 - 1);
        std::size_t pos = lineEnd + 2;
        while (pos < head.size()) {
            const auto end = head.find("\r\n", pos);
            if (end == std::string::npos || end == pos) break;
            const std::string line = head.substr(pos, end - pos);
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                std::string key = line.substr(0, colon);
                for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::string value = line.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') value.erase(value.begin());
                if (key == "range") r.range = value;
                if (key == "authorization") r.authorization = value;
            }
            pos = end + 2;
        }
        return true;
    }

    static void sendAll(int fd, const char* data, std::size_t n) {
        while (n > 0) {
            const ssize_t k = ::send(fd, data, n, MSG_NOSIGNAL);
            if (k <= 0) return;
            data += k;
            n -= static_cast<std::size_t>(k);
        }
    }
    static void sendText(int fd, int code, const std::string& status, const std::string& body,
                         const std::string& extra = {}, const char* type = "application/json") {
        const std::string head = "HTTP/1.1 " + std::to_string(code) + " " + status + "\r\nContent-Type: " + type +
                                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra +
                                 "Connection: close\r\n\r\n";
        sendAll(fd, head.data(), head.size());
        sendAll(fd, body.data(), body.size());
    }

    void answer(int fd, const Request& r) {
        std::unique_lock<std::mutex> lock(mutex_);
        log_.push_back(r.method + " " + r.path + (r.range.empty() ? "" : " range=" + r.range.substr(6)));
        const std::string api = "/api/models/";
        if (r.path.rfind(api, 0) == 0) {
            // /api/models/ORG/NAME/revision/REV?blobs=true
            const auto rev = r.path.find("/revision/");
            const std::string id = rev == std::string::npos ? "" : r.path.substr(api.size(), rev - api.size());
            auto it = repos_.find(id);
            if (it == repos_.end()) return sendText(fd, 404, "Not Found", R"({"error":"Repository not found"})");
            const Repo& repo = it->second;
            std::string json = "{\"id\":\"" + id + "\",\"sha\":\"" + repo.commit + "\",\"siblings\":[";
            bool first = true;
            for (const auto& [name, content] : repo.files) {
                json += std::string(first ? "" : ",") + "{\"rfilename\":\"" + name + "\",\"blobId\":\"" +
                        gitBlobId(content) + "\",\"size\":" + std::to_string(content.size());
                if (isLfs(content))
                    json += ",\"lfs\":{\"sha256\":\"" + sha256(content) +
                            "\",\"size\":" + std::to_string(content.size()) + ",\"pointerSize\":134}";
                json += "}";
                first = false;
            }
            json += "]}";
            return sendText(fd, 200, "OK", json);
        }
        const auto resolve = r.path.find("/resolve/");
        if (resolve != std::string::npos) {
            const std::string id = r.path.substr(1, resolve - 1);
            auto it = repos_.find(id);
            if (it == repos_.end()) return sendText(fd, 404, "Not Found", R"({"error":"Repository not found"})");
            if (it->second.gated && r.authorization != "Bearer secret")
                return sendText(fd, 401, "Unauthorized", R"({"error":"Access to this model is restricted"})");
            const std::string rest = r.path.substr(resolve + 9);  // COMMIT/FILE
            return sendText(fd, 302, "Found", "", "Location: " + endpoint() + "/cdn/" + id + "/" + rest + "\r\n");
        }
        const std::string cdn = "/cdn/";
        if (r.path.rfind(cdn, 0) == 0) {
            // /cdn/ORG/NAME/COMMIT/FILE
            const std::string rest = r.path.substr(cdn.size());
            for (const auto& [id, repo] : repos_) {
                const std::string prefix = id + "/" + repo.commit + "/";
                if (rest.rfind(prefix, 0) != 0) continue;
                const std::string name = rest.substr(prefix.size());
                auto f = repo.files.find(name);
                if (f == repo.files.end()) break;
                QByteArray body = f->second;
                if (name == corruptFile_ && !body.isEmpty()) body[body.size() / 2] = static_cast<char>(body[body.size() / 2] ^ 0x5a);
                std::size_t from = 0;
                if (!ignoreRange_ && r.range.rfind("bytes=", 0) == 0) from = std::stoull(r.range.substr(6));
                if (from > static_cast<std::size_t>(body.size())) return sendText(fd, 416, "Range Not Satisfiable", "");
                const bool partial = from > 0;
                const std::size_t length = static_cast<std::size_t>(body.size()) - from;
                std::string head = std::string("HTTP/1.1 ") + (partial ? "206 Partial Content" : "200 OK") +
                                   "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                                   std::to_string(length) + "\r\nETag: \"" + (isLfs(f->second) ? sha256(f->second) : gitBlobId(f->second)) + "\"\r\n";
                if (partial)
                    head += "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(body.size() - 1) + "/" +
                            std::to_string(body.size()) + "\r\n";
                head += "Connection: close\r\n\r\n";
                std::size_t send = length;
                bool stall = false;
                if (name == cutFile_ && cutTimes_ > 0) {
                    --cutTimes_;
                    send = std::min(send, cutAfter_);
                }
                if (name == stallFile_) stall = true;
                lock.unlock();
                sendAll(fd, head.data(), head.size());
                if (stall) {
                    // Nothing more until the client hangs up or the server stops.
                    while (!stop_) {
                        pollfd p{fd, POLLIN, 0};
                        if (::poll(&p, 1, 50) > 0) {
                            char c;
                            if (::recv(fd, &c, 1, 0) <= 0) break;
                        }
                    }
                    return;
                }
                sendAll(fd, body.constData() + from, send);
                return;
            }
        }
        sendText(fd, 404, "Not Found", R"({"error":"Entry not found"})");
    }

    int listen_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<bool> ignoreRange_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, Repo> repos_;
    std::vector<std::string> log_;
    std::string cutFile_, corruptFile_, stallFile_;
    std::size_t cutAfter_ = 0;
    int cutTimes_ = 0;
};

// A cache entry made by hand as huggingface_hub lays it out: blobs, snapshot links, refs/main.
inline void writeCachedModel(const std::filesystem::path& cache, const std::string& repoId, const std::string& commit, const std::string& from,
                bool writeRef = true, const std::vector<std::string>& only = {}) {
    const std::filesystem::path repo = cache / attnscope::hub::repoFolderName(repoId);
    std::filesystem::create_directories(repo / "blobs");
    std::filesystem::create_directories(repo / "snapshots" / commit);
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(from)) {
        const std::string name = e.path().filename().string();
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
        const std::string blob = "blob" + std::to_string(n++) + commit.substr(0, 6);
        std::filesystem::copy_file(e.path(), repo / "blobs" / blob, std::filesystem::copy_options::overwrite_existing);
        std::filesystem::create_symlink(std::filesystem::path("../../blobs") / blob, repo / "snapshots" / commit / name);
    }
    if (writeRef) {
        std::filesystem::create_directories(repo / "refs");
        std::ofstream(repo / "refs" / "main") << commit;
    }
}
