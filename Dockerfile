# Shortlist container image: a Swift toolchain stage builds the release binary; a slim Debian runtime
# stage carries the binary, the Swift runtime libraries and the native libraries it loads.
#
#   docker build -t shortlist .
#   docker run -d -p 8080:8080 -v shortlist-data:/data -e SHORTLIST_API_KEY=change-me shortlist
#
# `make container-check` (part of `make test`) checks this file without a Docker engine: the toolchain
# version against Package.swift, every shared library of the release binary against the runtime
# stage's packages, and the runtime stage's ENV/ENTRYPOINT/HEALTHCHECK against a real start.

# The toolchain image's Swift version: must be >= the swift-tools-version of Package.swift.
ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libopenblas-dev liblapacke-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Package.swift declares the test targets too, so their folders must exist for the manifest to load.
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY Tests ./Tests
COPY migrations ./migrations
RUN swift build -c release --product shortlist \
 && cp "$(swift build -c release --show-bin-path)/shortlist" /usr/local/bin/shortlist

FROM debian:bookworm-slim
# Libraries the binary loads (OpenBLAS + LAPACKE, SQLite, libcurl and the libcrypto it brings), curl for HEALTHCHECK,
# CA certificates for HTTPS LLM and embedding endpoints.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libopenblas0-pthread liblapacke libsqlite3-0 libcurl4 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin shortlist \
 && mkdir -p /data && chown shortlist /data
# The Swift runtime libraries (stdlib, Foundation, Dispatch) the binary links against.
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /usr/local/bin/shortlist /usr/local/bin/shortlist
# A container listens on every interface, so `serve` refuses to start without SHORTLIST_API_KEY
# (or an explicit SHORTLIST_ALLOW_UNAUTHENTICATED=1) and says so.
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux \
    OPENBLAS_NUM_THREADS=1 \
    SHORTLIST_HOST=0.0.0.0 \
    SHORTLIST_PORT=8080 \
    SHORTLIST_DB=/data/shortlist.db
# The numeric id of the `shortlist` user created above, so that hosts resolve it without /etc/passwd.
USER 10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "curl -fsS \"http://127.0.0.1:${SHORTLIST_PORT}/healthz\" || exit 1"]
ENTRYPOINT ["/usr/local/bin/shortlist", "serve"]
