# Perceive as a container: the jar on a JRE, run as a non-root user.
#   docker build -t perceive .
#   docker run -p 8080:8080 -v perceive-data:/var/lib/perceive/data perceive demo
# The build stage runs the Maven wrapper; the image holds only the JRE and the jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system perceive \
 && useradd --system --gid perceive --home-dir /var/lib/perceive --create-home --shell /usr/sbin/nologin perceive \
 && mkdir -p /var/lib/perceive/data && chown perceive:perceive /var/lib/perceive/data
COPY --from=build /src/api/target/perceive.jar /opt/perceive/perceive.jar
USER perceive
WORKDIR /var/lib/perceive
# The heap follows the container's memory limit: the comment scorer needs about 1.5 GB of it,
# so give a scoring instance a limit of 2.5 GB or more (docs/operations.md, Sizing).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    PERCEIVE_DATA_DIR=/var/lib/perceive/data \
    PERCEIVE_HTTP_PORT=8080
VOLUME ["/var/lib/perceive/data"]
EXPOSE 8080
# Ready = the store answers. The JRE image has no HTTP client, so bash's /dev/tcp asks /ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PERCEIVE_HTTP_PORT} && printf 'GET /ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/perceive/perceive.jar"]
CMD ["serve"]
