# syntax=docker/dockerfile:1
# Bone Monitor container image. Build from the repository root:
#   docker build -t bone-monitor:0.1.0 --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
# Stage 1 (build) packages the production fast-jar with Maven; stage 2 (runtime) is a JRE that runs
# it as a non-root user. No HEALTHCHECK: Kubernetes probes /q/health/started|ready|live decide.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependency layer: depends on pom.xml only, so a source change does not download again.
# quarkus:go-offline adds the build-time (deployment) artifacts that dependency:go-offline misses.
COPY pom.xml .
RUN mvn -B -q -Pprod dependency:go-offline quarkus:go-offline
COPY src/main src/main
COPY examples examples
# -Pprod: the embedded PostgreSQL (local run and tests only) stays out of the jar.
RUN mvn -B -q -o -Pprod package -Dmaven.test.skip=true

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="bone-monitor" \
      org.opencontainers.image.description="Bone health monitoring for patients on aromatase inhibitors: FHIR R4 ingest, care plans, write-back, CDS Hooks" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.vendor="Bone Monitor"
WORKDIR /deployments
# The fast-jar layers, least often changed first: dependencies, the launcher, our classes, the
# generated Quarkus application. Owned by uid 185 and group 0 (OpenShift runs an arbitrary uid in group 0).
COPY --from=build --chown=185:0 /src/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185:0 /src/target/quarkus-app/quarkus-run.jar /deployments/
COPY --from=build --chown=185:0 /src/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185:0 /src/target/quarkus-app/quarkus/ /deployments/quarkus/
# A numeric user, so that Kubernetes can verify runAsNonRoot.
USER 185
EXPOSE 8080
# Container-aware JVM: heap as a share of the container's memory limit, exit (and be restarted) on OOM.
# The java launcher reads JDK_JAVA_OPTIONS itself: add flags there, no shell needed.
ENV JDK_JAVA_OPTIONS="-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
