#!/usr/bin/env python3
# Three rounds of 40 simultaneous failed logins, each from its own loopback
# address, against a running `samverkan serve` on PORT (process PID); prints
# the answers and the server's resident memory (docs/SECURITY.md).
import re, socket, sys, threading, time, urllib.parse, subprocess
port=int(sys.argv[1]); pid=int(sys.argv[2])
def rss(): return int(open(f'/proc/{pid}/status').read().split('VmRSS:')[1].split()[0])//1024
def req(src, raw):
    s=socket.create_connection(('127.0.0.1',port), source_address=(src,0)); s.sendall(raw)
    out=b''
    while True:
        d=s.recv(65536)
        if not d: break
        out+=d
    s.close(); return out.decode(errors='replace')
form=req('127.0.0.1', f'GET /redaktion/logga-in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n'.encode())
tok=re.search(r'name="csrf" value="([^"]+)"', form).group(1)
print('rss before', rss())
peak=[0]
def login(i):
    body=urllib.parse.urlencode({'username':f'u{i}','password':'gissning gissning','csrf':tok})
    raw=f'POST /redaktion/logga-in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: samverkan-login={tok}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}'.encode()
    r=req(f'127.0.{1+i//250}.{1+i%250}', raw); codes.append(r.split(' ')[1])
for round in range(3):
    codes=[]
    ts=[threading.Thread(target=login,args=(round*40+i,)) for i in range(40)]
    for t in ts: t.start()
    while any(t.is_alive() for t in ts):
        peak[0]=max(peak[0],rss()); time.sleep(0.02)
    print('round',round,'codes',{c:codes.count(c) for c in set(codes)},'peak',peak[0],'after',rss())
