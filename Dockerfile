# Dockerfile — container image of the CustomerRetention API.
#
#   docker build -t customer-retention .
#   docker run --rm -p 8080:8080 \
#     -e ConnectionStrings__Postgres='Host=db;Port=5432;Database=customer_retention;Username=...;Password=...' \
#     -e Database__MigrateOnStartup=true \
#     customer-retention
#
# Multi-stage: the SDK image restores and publishes, the smaller ASP.NET
# runtime image runs the result as the non-root user "app".
# (Not built in this project's own environment, which has no Docker engine.)

# ---- build ----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Solution-level build settings first. The [x] globs make a file optional
# (COPY skips a pattern that matches nothing).
COPY CustomerRetention.sln Directory.Build.props Directory.Packages.props global.jso[n] .editorconfi[g] nuget.confi[g] NuGet.Confi[g] ./
COPY src/ src/

RUN dotnet restore src/CustomerRetention.Api/CustomerRetention.Api.csproj
RUN dotnet publish src/CustomerRetention.Api/CustomerRetention.Api.csproj \
        -c Release --no-restore -o /app/publish /p:UseAppHost=false

# ---- runtime --------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish .

ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080

# "app" is the non-root user that the official .NET images provide.
USER app
ENTRYPOINT ["dotnet", "CustomerRetention.Api.dll"]
