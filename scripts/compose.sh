#!/usr/bin/env bash
# `make docker-up` / `make docker-down`: run Docker Compose, or say clearly what is missing.
set -euo pipefail
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "make $1: Docker Compose is not installed (neither 'docker compose' nor 'docker-compose')." >&2
  echo "Install Docker Engine with the compose plugin; README-Infra.md lists what the stack runs." >&2
  exit 2
fi
if ! docker info >/dev/null 2>&1; then
  echo "make $1: no Docker engine answers ('docker info' failed). Start Docker and try again." >&2
  exit 2
fi
case "$1" in
  docker-up) exec "${compose[@]}" up -d --build ;;
  docker-down) exec "${compose[@]}" down ;;
  *) echo "usage: $0 docker-up|docker-down" >&2; exit 2 ;;
esac
