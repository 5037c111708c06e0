# Sourced by .ci/run: a throwaway MariaDB server on loopback for the MariaDB source tests.
#
# mariadb_start DIR PORT starts it with its data under DIR (a fresh directory) and creates the
# database `sources` and the user `publisher` (password `publisher`) with every right:
# the tests create a database per test as that user, and the source reads through it, so that the
# READ ONLY transaction, not a missing grant, is what stops a write. mariadb_stop DIR stops it.

mariadb_start() {
    local dir=$1 port=$2
    mkdir -p "$dir/data" "$dir/run"
    chown -R mysql:mysql "$dir"
    mariadb-install-db --user=mysql --datadir="$dir/data" --auth-root-authentication-method=socket \
        --skip-test-db >"$dir/install.log" 2>&1 \
        || { cat "$dir/install.log"; return 1; }
    (cd / && mariadbd --no-defaults --user=mysql --datadir="$dir/data" \
        --bind-address=127.0.0.1 --port="$port" --socket="$dir/run/mysqld.sock" \
        --pid-file="$dir/run/mysqld.pid" --log-error="$dir/error.log" \
        --innodb-flush-log-at-trx-commit=0 --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci >/dev/null 2>&1 &)
    local _
    for _ in $(seq 1 100); do
        if mariadb-admin --no-defaults --socket="$dir/run/mysqld.sock" -uroot ping \
            >/dev/null 2>&1; then
            mariadb --no-defaults --socket="$dir/run/mysqld.sock" -uroot -e "
                CREATE DATABASE sources CHARACTER SET utf8mb4;
                CREATE USER 'publisher'@'127.0.0.1' IDENTIFIED BY 'publisher';
                GRANT ALL ON *.* TO 'publisher'@'127.0.0.1';" || return 1
            return 0
        fi
        sleep 0.2
    done
    cat "$dir/error.log" || true
    return 1
}

mariadb_stop() {
    local dir=$1
    [[ -f "$dir/run/mysqld.pid" ]] || return 0
    mariadb-admin --no-defaults --socket="$dir/run/mysqld.sock" -uroot shutdown >/dev/null 2>&1 \
        || kill "$(cat "$dir/run/mysqld.pid")" 2>/dev/null
    local _
    for _ in $(seq 1 50); do
        [[ -f "$dir/run/mysqld.pid" ]] || return 0
        sleep 0.2
    done
}
