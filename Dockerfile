# The sweep command in a container: one image for every role, the role is the command.
#   docker build -t sweepstream/sweep .
#   docker run --rm sweepstream/sweep --help
#   docker run --rm -e SWEEP_BOOTSTRAP=kafka:9092 -v datasets:/data sweepstream/sweep trainer

# --- build: the Maven wrapper on a JDK, tests skipped (CI runs them) ---
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY schemas/ schemas/
COPY broker/ broker/
COPY trainer/ trainer/
COPY producer/ producer/
COPY evaluator/ evaluator/
COPY dashboard/ dashboard/
COPY bench/ bench/
COPY cli/ cli/
COPY jmh/pom.xml jmh/pom.xml
# No BuildKit-only syntax (cache mounts): the Testcontainers test builds this through the classic builder API.
RUN ./mvnw -B -q -Dstyle.color=never -DskipTests package -pl cli -am \
 && cp cli/target/sweep.jar /sweep.jar

# --- run: a slim JRE, native OpenBLAS for the blas backend, a non-root user ---
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libopenblas0-pthread curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 sweep \
 && useradd --system --uid 10001 --gid sweep --home-dir /home/sweep --create-home sweep \
 && mkdir -p /data /opt/sweep \
 && chown sweep:sweep /data
COPY --from=build /sweep.jar /opt/sweep/sweep.jar
COPY docker/entrypoint.sh docker/java-opts.sh /opt/sweep/
COPY examples/ /opt/sweep/examples/
# Datasets: your own IDX files in /data (or /data/fashion_mnist); a download goes to the user cache,
# which lives in the same volume (XDG_CACHE_HOME), so every container that mounts it finds it.
ENV SWEEP_DATA_DIR=/data \
    XDG_CACHE_HOME=/data/cache \
    OPENBLAS_NUM_THREADS=1
VOLUME ["/data"]
WORKDIR /opt/sweep
USER 10001:10001
# The dashboard's port; other roles listen on nothing. Health checks are per role, in docker-compose.yml
# and deploy/k8s: one image-wide check would be wrong for all but one role.
EXPOSE 8080
ENTRYPOINT ["/opt/sweep/entrypoint.sh"]
CMD ["--help"]
