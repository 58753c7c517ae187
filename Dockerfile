# conforme in a container: `conforme serve` by default, `conforme check` on mounted files.
#   scripts/container build            # docker build -t conforme:0.1.0 .
#   scripts/container serve            # docker run -p 127.0.0.1:8080:8080 conforme:0.1.0
# Debian 12 only, as the project's CI: the build stage installs the packages with scripts/setup
# and builds with scripts/build; the run stage installs only the shared libraries the built
# program links to (asked from dpkg in the build stage) and the landmark model (libdlib-data).

FROM debian:bookworm AS build
WORKDIR /src
COPY . .
RUN apt-get update -qq \
 && bash scripts/setup \
 && bash scripts/build -DCONFORME_BUILD_TESTS=OFF -DCONFORME_BUILD_BENCH=OFF \
 && cmake --install build --prefix /usr/local \
 && ldd /usr/local/bin/conforme | awk '/=> \//{print $3}' \
    | while read -r f; do dpkg -S "$f" 2>/dev/null || dpkg -S "$(readlink -f "$f")"; done \
    | cut -d: -f1 | sort -u > /usr/local/share/conforme/runtime-packages

FROM debian:bookworm
COPY --from=build /usr/local /usr/local
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libdlib-data $(cat /usr/local/share/conforme/runtime-packages) \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home conforme
USER conforme
EXPOSE 8080
# 0.0.0.0: the container's own interface, so the published port reaches the service; publish it
# on the host's loopback (-p 127.0.0.1:8080:8080) unless the service has a --token.
CMD ["conforme", "serve", "--host", "0.0.0.0", "--port", "8080"]
