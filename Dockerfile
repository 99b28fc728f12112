# archgov in a container, for CI that runs in containers: the installable archive on an Eclipse Temurin 17 JRE, run as a
# non-root user in /repo (mount the code base there).
#   mvn -B -DskipTests package && docker build -t archgov .
#   docker run --rm -v "$PWD:/repo" archgov check --format text,json --output target/archgov
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
RUN useradd --system --uid 10001 --create-home --home-dir /home/archgov archgov
COPY cli/target/archgov-${VERSION}.tar.gz /tmp/archgov.tar.gz
RUN tar xzf /tmp/archgov.tar.gz -C /opt \
    && ln -s /opt/archgov-${VERSION}/bin/archgov /usr/local/bin/archgov \
    && rm /tmp/archgov.tar.gz
USER archgov
# the class-data archive and the result cache live in the user's cache, not in the mounted code base
ENV XDG_CACHE_HOME=/home/archgov/.cache
WORKDIR /repo
ENTRYPOINT ["archgov"]
CMD ["check"]
