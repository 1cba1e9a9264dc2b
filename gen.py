import sys
n = int(sys.argv[1]); x = 12345
for i in range(n):
    x = (x * 1103515245 + 12345) % (1 << 31); a = 2 + x % 23
    x = (x * 1103515245 + 12345) % (1 << 31); b = 2 + x % 17
    ids = []
    for k in range(a + b):
        x = (x * 1103515245 + 12345) % (1 << 31); ids.append(3 + x % 497)
    print('{"inputs": %s, "targets": %s}' % (ids[:a] + [1], ids[a:] + [1]))
