# Multi-stage build: the Swift 6 toolchain image builds a release binary; a slim Debian runtime
# carries only the runtime libraries of notes/native.md.
FROM swift:6.0-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenblas-dev liblapacke-dev libsqlite3-dev libcurl4-openssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY migrations ./migrations
RUN swift build -c release --product shortlist \
 && cp "$(swift build -c release --show-bin-path)/shortlist" /usr/local/bin/shortlist

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenblas0-pthread libgfortran5 liblapacke libsqlite3-0 libcurl4 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin shortlist \
 && mkdir -p /data && chown shortlist /data
# The Swift runtime libraries the binary links against.
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /usr/local/bin/shortlist /usr/local/bin/shortlist
COPY openapi.yaml /usr/share/shortlist/openapi.yaml
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux \
    OPENBLAS_NUM_THREADS=1 \
    SHORTLIST_HOST=0.0.0.0 \
    SHORTLIST_PORT=8080 \
    SHORTLIST_DB=/data/shortlist.db
USER shortlist
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/shortlist", "serve"]
