#!/usr/bin/env bash
# A local QloApps 1.6.x for development and the contract tests (make contract).
#
#   scripts/qloapps-dev.sh SRC_DIR [up|start|stop|status|env]
#
# SRC_DIR is a work tree of QloApps (github.com/Qloapps/QloApps, tag v1.6.1), kept outside this repository.
#   up     (default) packages, database, CLI install with demo data, webservice key, PHP server
#   start  the PHP server only (after `stop`); stop: the PHP server only; status: is it answering
#   env    prints the two variables `make contract` reads
# Settings (environment): QLOAPPS_PORT (8787), QLOAPPS_DB (qloapps_dev), QLOAPPS_STATE_DIR (var/qloapps).
# The key is written to $QLOAPPS_STATE_DIR/ws_key (mode 600) and never printed.
# MariaDB: root on 127.0.0.1 with an empty password (as on the dev machine); a user `qloapps` is created.
set -euo pipefail

SRC_DIR=${1:?usage: scripts/qloapps-dev.sh SRC_DIR [up|start|stop|status|env]}
ACTION=${2:-up}
SRC_DIR=$(cd "$SRC_DIR" && pwd)
REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
PORT=${QLOAPPS_PORT:-8787}
DB=${QLOAPPS_DB:-qloapps_dev}
DB_USER=qloapps
STATE_DIR=${QLOAPPS_STATE_DIR:-$REPO_DIR/var/qloapps}
URL="http://127.0.0.1:$PORT"
mkdir -p "$STATE_DIR"
chmod 700 "$STATE_DIR"

log() { echo "qloapps-dev: $*" >&2; }
random_text() { # $1 characters from class $2 (no `tr | head`: SIGPIPE under pipefail)
    local text
    text=$(head -c 4096 /dev/urandom | LC_ALL=C tr -dc "$2")
    printf '%s' "${text:0:$1}"
}
mysql_root() { mysql -uroot -h127.0.0.1 "$@"; }
sql() { mysql_root "$DB" -N -e "$1"; }

answering() { # the webservice answers 401 without a key once PHP and the router are up
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/" || true)
    [ "$code" = 401 ]
}

ensure_packages() {
    local missing=()
    for pkg in php8.2-cli php8.2-mysql php8.2-gd php8.2-curl php8.2-zip php8.2-xml php8.2-mbstring \
        php8.2-intl php8.2-soap php8.2-bcmath mariadb-server curl; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

ensure_mariadb() {
    if mysql_root -e 'select 1' >/dev/null 2>&1; then return; fi
    log "starting MariaDB"
    # without systemd `service` may report a failure although the server comes up; the loop decides
    service mariadb start >/dev/null 2>&1 || (mysqld_safe >/dev/null 2>&1 &)
    for _ in $(seq 1 60); do
        mysql_root -e 'select 1' >/dev/null 2>&1 && return
        sleep 1
    done
    log "MariaDB does not answer on 127.0.0.1:3306"
    exit 1
}

db_password() { # generated once, kept beside the key
    local f="$STATE_DIR/db_password"
    [ -s "$f" ] || (umask 077 && random_text 24 'A-Za-z0-9' >"$f")
    cat "$f"
}

install_qloapps() {
    if [ -f "$SRC_DIR/config/settings.inc.php" ] && sql "select 1 from qlo_configuration limit 1" >/dev/null 2>&1; then
        log "already installed in $SRC_DIR (database $DB)"
        return
    fi
    local pw
    pw=$(db_password)
    mysql_root -e "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4;
        CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$pw';
        ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$pw';
        GRANT ALL ON \`$DB\`.* TO '$DB_USER'@'127.0.0.1'; FLUSH PRIVILEGES;"
    # the installer writes its cache, config and images into the tree
    chmod -R u+w "$SRC_DIR"
    log "installing QloApps with demo data (a few minutes)"
    # note: `--help` is not a help flag for this installer; it starts an install with defaults
    (cd "$SRC_DIR/install" && php -d memory_limit=512M index_cli.php \
        --domain="127.0.0.1:$PORT" --db_server=127.0.0.1 --db_name="$DB" --db_user="$DB_USER" \
        --db_password="$pw" --prefix=qlo_ --email=admin@example.com --password="$(db_password)" \
        --name="QloApps dev" --country=us --language=en --timezone=UTC --newsletter=0 --send_email=0) \
        >"$STATE_DIR/install.log" 2>&1 || true
    if ! grep -q 'Installation successfull' "$STATE_DIR/install.log"; then
        log "install failed; see $STATE_DIR/install.log"
        tail -20 "$STATE_DIR/install.log" >&2
        exit 1
    fi
}

ensure_key() {
    local key_file="$STATE_DIR/ws_key" key
    if [ ! -s "$key_file" ]; then
        (umask 077 && random_text 32 'A-Z0-9' >"$key_file")
    fi
    key=$(cat "$key_file")
    sql "DELETE FROM qlo_configuration WHERE name IN ('PS_WEBSERVICE','PS_MAIL_METHOD');
         INSERT INTO qlo_configuration (name, value, date_add, date_upd)
           VALUES ('PS_WEBSERVICE','1',NOW(),NOW()), ('PS_MAIL_METHOD','3',NOW(),NOW());"
    local id
    id=$(sql "SELECT id_webservice_account FROM qlo_webservice_account WHERE \`key\`='$key'")
    if [ -z "$id" ]; then
        sql "INSERT INTO qlo_webservice_account (\`key\`, description, class_name, is_module, active)
             VALUES ('$key', 'hotel-agent dev', 'WebserviceRequest', 0, 1)"
        id=$(sql "SELECT id_webservice_account FROM qlo_webservice_account WHERE \`key\`='$key'")
    fi
    sql "INSERT IGNORE INTO qlo_webservice_account_shop (id_webservice_account, id_shop) VALUES ($id, 1)"
    # every resource the install knows (core + modules such as hotel_ari), every method
    local resources values="" r m
    resources=$(cd "$SRC_DIR" && php -d display_errors=0 -d error_reporting=0 -r '
        $_SERVER["REQUEST_METHOD"] = "GET"; $_SERVER["HTTP_HOST"] = "127.0.0.1";
        require "config/config.inc.php";
        echo implode("\n", array_keys(WebserviceRequest::getResources()));' 2>/dev/null)
    for r in $resources; do
        for m in GET POST PUT DELETE HEAD; do values+="('$r','$m',$id),"; done
    done
    sql "DELETE FROM qlo_webservice_permission WHERE id_webservice_account=$id;
         INSERT INTO qlo_webservice_permission (resource, method, id_webservice_account) VALUES ${values%,}"
    log "webservice key with $(echo "$resources" | wc -w) resources x 5 methods: $key_file"
}

write_router() { # what QloApps' Apache rewrite does for /api/
    cat >"$STATE_DIR/router.php" <<'PHP'
<?php
// generated by scripts/qloapps-dev.sh: /api/<path> -> webservice/dispatcher.php?url=<path>
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (strncmp($path, '/api/', 5) === 0 || $path === '/api') {
    $_GET['url'] = substr($path, 5) === false ? '' : substr($path, 5);
    $_SERVER['SCRIPT_NAME'] = '/webservice/dispatcher.php';
    chdir(getenv('QLOAPPS_TREE') . '/webservice');
    require getenv('QLOAPPS_TREE') . '/webservice/dispatcher.php';
    return true;
}
return false;
PHP
}

server_pid() { [ -s "$STATE_DIR/php.pid" ] && kill -0 "$(cat "$STATE_DIR/php.pid")" 2>/dev/null && cat "$STATE_DIR/php.pid"; }

start_server() {
    if answering; then log "already answering on $URL"; return; fi
    write_router
    log "starting PHP on $URL"
    # warnings off: on PHP 8 a printed warning breaks the JSON answers
    QLOAPPS_TREE="$SRC_DIR" PHP_CLI_SERVER_WORKERS=4 setsid php -d display_errors=0 -d error_reporting=0 \
        -d memory_limit=512M -S "127.0.0.1:$PORT" -t "$SRC_DIR" "$STATE_DIR/router.php" \
        >>"$STATE_DIR/php.log" 2>&1 </dev/null &
    echo $! >"$STATE_DIR/php.pid"
    for _ in $(seq 1 50); do
        answering && { log "up: $URL (key in $STATE_DIR/ws_key)"; return; }
        sleep 0.2
    done
    log "PHP server does not answer; see $STATE_DIR/php.log"
    exit 1
}

stop_server() {
    local pid
    if pid=$(server_pid); then
        kill -- "-$pid" 2>/dev/null || kill "$pid"
        for _ in $(seq 1 25); do answering || break; sleep 0.2; done
        log "stopped (pid $pid)"
    else
        log "not running"
    fi
    rm -f "$STATE_DIR/php.pid"
}

case "$ACTION" in
    up)
        ensure_packages
        ensure_mariadb
        install_qloapps
        ensure_key
        start_server
        ;;
    start) start_server ;;
    stop) stop_server ;;
    status) if answering; then echo "up $URL"; else echo "down $URL"; exit 1; fi ;;
    env)
        echo "export HOTEL_AGENT_QLOAPPS_TEST_URL=$URL"
        echo "export HOTEL_AGENT_QLOAPPS_TEST_KEY=\$(cat $STATE_DIR/ws_key)"
        ;;
    *) echo "unknown action $ACTION" >&2; exit 2 ;;
esac
