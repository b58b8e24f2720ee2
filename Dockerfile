# Multi-stage build: Maven builds the fast-jar, a JRE runs it as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build --chown=185 /src/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=185 /src/target/quarkus-app/*.jar /app/
COPY --from=build --chown=185 /src/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=185 /src/target/quarkus-app/quarkus/ /app/quarkus/
USER 185
EXPOSE 8080
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
