# One Dockerfile for the three SNS programs; docker-compose.yml builds each from it.
#
#   ./mvnw package -DskipTests                      # the jars (MODULE/target/MODULE-*-exec.jar)
#   docker build --build-arg MODULE=coordinator-service --build-arg SPRING_AOT=true --target app -t sns/coordinator .
#   docker build --build-arg MODULE=timeline-server --build-arg SPRING_AOT=true --target stateful-app -t sns/timeline-server .
#   docker build --build-arg MODULE=cli-client --target app -t sns/cli .
#
# BASE_IMAGE is any image with a Java 17+ runtime and sh; without a registry, make one with
# ops/docker/local-base-image.sh and pass --build-arg BASE_IMAGE=sns/base:bookworm-jre17.
ARG BASE_IMAGE=eclipse-temurin:17-jre

# Spring Boot's layered jar, split so that a code change rebuilds only the small application layer.
FROM ${BASE_IMAGE} AS layers
ARG MODULE
WORKDIR /build
COPY ${MODULE}/target/${MODULE}-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${BASE_IMAGE} AS app
# curl serves the health checks; the base images named above already have it.
RUN (command -v curl >/dev/null || (apt-get update && apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*)) \
    && useradd --system --uid 10001 --user-group --home-dir /home/sns --create-home --shell /usr/sbin/nologin sns
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER sns
# Heap from the container's memory limit, not the host's; die (and be restarted) rather than limp on
# after an OutOfMemoryError; the serial collector and a metaspace threshold above what start-up
# loads, as ./sns runs them (README "Running it"). Override JAVA_OPTS to tune; program
# arguments go after the image name.
# SPRING_AOT is true for the coordinator and the timeline server: run the bean definitions Spring
# AOT generated at build time (their jars carry them; a timeline server is ready about a second
# sooner). Declared here, not earlier, so the user and curl layer stays shared by all three images.
ARG SPRING_AOT=false
ENV JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:MetaspaceSize=128m -Dspring.aot.enabled=${SPRING_AOT}"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "sns"]

# The timeline server keeps RocksDB under /data (sns.server.data-dir): mount a volume there.
FROM app AS stateful-app
USER root
RUN mkdir -p /data && chown sns:sns /data
USER sns
ENV SNS_SERVER_DATA_DIR=/data
VOLUME ["/data"]
