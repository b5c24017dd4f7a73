/* The floor for bench/http: the same blocking thread-per-connection design with no parsing at
 * all (answers every recv that ends in "\r\n\r\n" with a fixed response). Ratios against it
 * cancel out the noise of the shared machine. Build: cc -O2 -pthread floor.c -o floor */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 49\r\n\r\n"
                            "{\"status\":\"ok\",\"version\":\"bench\",\"database\":\"ok\"}";

static void *serve(void *arg) {
    int fd = (int)(long)arg;
    char buf[8192];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        if (n >= 4 && memcmp(buf + n - 4, "\r\n\r\n", 4) == 0) send(fd, reply, sizeof reply - 1, MSG_NOSIGNAL);
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 18090, seconds = argc > 2 ? atoi(argv[2]) : 30, one = 1;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1024)) return 1;
    alarm(seconds);
    for (;;) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) continue;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t t;
        pthread_create(&t, NULL, serve, (void *)(long)fd);
        pthread_detach(t);
    }
}
