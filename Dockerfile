# syntax=docker/dockerfile:1
# backend-tip: a static Go binary on a distroless, non-root runtime.
#   docker build -t backend-tip --build-arg VERSION=$(git describe --tags --always) --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run -p 8080:8080 -v backend-tip-data:/data --env-file bot.env backend-tip

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first: this layer is cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# timetzdata embeds the zone database so BACKEND_TIP_TIMEZONE and quiz
# schedules work whatever the runtime image ships. VERSION and REVISION are
# stamped into the binary (backend-tip version, backend_tip_build_info,
# User-Agent) and into the image labels below.
ARG VERSION=dev
ARG REVISION=unknown
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X github.com/backend-tip/backend-tip/bot/version.version=${VERSION} -X github.com/backend-tip/backend-tip/bot/version.commit=${REVISION}" \
      -o /out/backend-tip ./cmd/backend-tip \
 && mkdir -p /out/data

# distroless/static: CA certificates, /etc/passwd with the nonroot user
# (65532), no shell and no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="backend-tip" \
      org.opencontainers.image.description="Slack/Discord bot that answers from the backend developer guide and runs study-group quizzes" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/backend-tip/backend-tip" \
      org.opencontainers.image.url="https://github.com/backend-tip/backend-tip" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /out/backend-tip /usr/local/bin/backend-tip
COPY --from=build --chown=65532:65532 /out/data /data
ENV BACKEND_TIP_DATA_DIR=/data \
    BACKEND_TIP_HTTP_ADDR=:8080 \
    BACKEND_TIP_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
# No shell in the image: the binary probes its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/backend-tip", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/backend-tip"]
CMD ["serve"]
