"""Create test fixtures in a fresh Keystone over its REST API (stdlib only).

usage: python3 ks_fixtures.py OUT_JSON
env:   KS_URL, KS_ADMIN_PASSWORD, KS_DEMO_PASSWORD, KS_APPCRED_SECRET,
       KS_SWIFT_URL, KS_GLANCE_URL, KS_REGION

Creates (idempotently enough for a fresh database): project "demo", user "demo"
(password KS_DEMO_PASSWORD) with roles member + reader on it, an application
credential "demo-appcred" owned by demo, and catalog entries:
  object-store "swift"  public+internal  KS_SWIFT_URL (e.g. .../v1/AUTH_%(project_id)s)
  image        "glance" public+internal  KS_GLANCE_URL
a second object-store endpoint (public, region KS_REGION2=RegionTwo, unreachable URL),
and a service user "swift" (KS_SERVICE_PASSWORD) with admin+service on project "service".
Writes the ids/secrets to OUT_JSON.
"""
import json
import os
import sys
import urllib.error
import urllib.request

URL = os.environ['KS_URL'].rstrip('/')          # .../v3
REGION = os.environ.get('KS_REGION', 'RegionOne')


def call(method, path, body=None, token=None, ok=(200, 201, 204)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(URL + path, data=data, method=method)
    req.add_header('Content-Type', 'application/json')
    req.add_header('Accept', 'application/json')
    if token:
        req.add_header('X-Auth-Token', token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, r.headers, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        if e.code in ok:
            return e.code, e.headers, (json.loads(raw) if raw else None)
        sys.exit('%s %s -> %s %s' % (method, path, e.code, raw[:500]))


def password_token(user, password, project):
    body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': user, 'domain': {'id': 'default'}, 'password': password}}},
        'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}}
    _, h, b = call('POST', '/auth/tokens', body)
    return h['X-Subject-Token'], b


admin_tok, _ = password_token('admin', os.environ['KS_ADMIN_PASSWORD'], 'admin')

_, _, b = call('POST', '/projects', {'project': {
    'name': 'demo', 'domain_id': 'default', 'description': 'CI demo project'}}, admin_tok)
project_id = b['project']['id']

demo_password = os.environ['KS_DEMO_PASSWORD']
_, _, b = call('POST', '/users', {'user': {
    'name': 'demo', 'domain_id': 'default', 'password': demo_password,
    'default_project_id': project_id}}, admin_tok)
user_id = b['user']['id']

_, _, b = call('GET', '/roles', token=admin_tok)
roles = {r['name']: r['id'] for r in b['roles']}
for name in ('member', 'reader'):
    call('PUT', '/projects/%s/users/%s/roles/%s' % (project_id, user_id, roles[name]),
         token=admin_tok)

endpoints = {}
for stype, sname, url in (('object-store', 'swift', os.environ['KS_SWIFT_URL']),
                          ('image', 'glance', os.environ['KS_GLANCE_URL'])):
    _, _, b = call('POST', '/services', {'service': {
        'type': stype, 'name': sname, 'enabled': True}}, admin_tok)
    sid = b['service']['id']
    for iface in ('public', 'internal'):
        call('POST', '/endpoints', {'endpoint': {
            'service_id': sid, 'interface': iface, 'region_id': REGION, 'url': url,
            'enabled': True}}, admin_tok)
    endpoints[stype] = url
    if stype == 'object-store':
        # a second region whose object-store endpoint leads nowhere: clients must pick by region
        region2 = os.environ.get('KS_REGION2', 'RegionTwo')
        call('POST', '/regions', {'region': {'id': region2}}, admin_tok)
        call('POST', '/endpoints', {'endpoint': {
            'service_id': sid, 'interface': 'public', 'region_id': region2,
            'url': os.environ.get('KS_SWIFT_URL_REGION2', 'http://127.0.0.1:9/v1/AUTH_%(project_id)s'),
            'enabled': True}}, admin_tok)
        endpoints['object-store@' + region2] = 'public only, unreachable'

# Service project + service user for middleware (keystonemiddleware auth_token in Swift,
# Glance, ...): user "swift" with roles admin + service on project "service" (as devstack).
_, _, b = call('POST', '/projects', {'project': {
    'name': 'service', 'domain_id': 'default', 'description': 'service users'}}, admin_tok)
service_project_id = b['project']['id']
_, _, b = call('POST', '/roles', {'role': {'name': 'service'}}, admin_tok)
roles['service'] = b['role']['id']
service_password = os.environ.get('KS_SERVICE_PASSWORD', 'service-secret')
_, _, b = call('POST', '/users', {'user': {
    'name': 'swift', 'domain_id': 'default', 'password': service_password,
    'default_project_id': service_project_id}}, admin_tok)
swift_user_id = b['user']['id']
for name in ('admin', 'service'):
    call('PUT', '/projects/%s/users/%s/roles/%s' % (service_project_id, swift_user_id, roles[name]),
         token=admin_tok)

# Application credentials are created by their owner (a token of the user itself).
demo_tok, _ = password_token('demo', demo_password, 'demo')
_, _, b = call('POST', '/users/%s/application_credentials' % user_id, {
    'application_credential': {'name': 'demo-appcred',
                               'secret': os.environ['KS_APPCRED_SECRET'],
                               'description': 'CI application credential'}}, demo_tok)
ac = b['application_credential']

out = {
    'auth_url': URL, 'region': REGION,
    'admin': {'username': 'admin', 'password': os.environ['KS_ADMIN_PASSWORD'],
              'project': 'admin', 'domain': 'Default'},
    'demo': {'username': 'demo', 'user_id': user_id, 'password': demo_password,
             'project': 'demo', 'project_id': project_id, 'domain': 'Default',
             'roles': ['member', 'reader']},
    'application_credential': {'id': ac['id'], 'name': ac['name'], 'secret': ac['secret'],
                               'user_id': user_id, 'project_id': ac['project_id'],
                               'roles': [r['name'] for r in ac['roles']]},
    'service_user': {'username': 'swift', 'password': service_password, 'project': 'service',
                     'project_id': service_project_id, 'roles': ['admin', 'service']},
    'endpoints': endpoints,
}
with open(sys.argv[1], 'w') as f:
    json.dump(out, f, indent=2)
