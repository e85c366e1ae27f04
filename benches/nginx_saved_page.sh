# Sourced by the *_vs_nginx.sh benches: nginx (2 workers, access log off)
# serving one saved page, $work/root/page, from a config in $work on $port.
# Defines write_nginx_conf, start_nginx and stop_nginx; the caller sets work and port.
write_nginx_conf() {
  mkdir -p "$work/root" "$work/logs"
  cat > "$work/nginx.conf" <<CONF
worker_processes 2;
error_log $work/logs/error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server { listen 127.0.0.1:$port; root $work/root; location / { try_files /page =404; } }
}
CONF
}
start_nginx() { nginx -p "$work" -c nginx.conf; sleep 0.3; }
stop_nginx() { nginx -p "$work" -c nginx.conf -s stop 2>/dev/null || true; sleep 0.3; }
