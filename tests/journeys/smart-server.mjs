// A mock EHR for the SMART launch journeys: an authorization server (authorize with PKCE S256,
// token) and a FHIR R4 server holding one patient, started by the tests on this machine. It
// checks what a real EHR checks (client id, redirect URI, audience, the verifier against the
// challenge, the bearer token on every read) and logs every request so that the journey can
// assert that only reads of the mapped resource types were sent.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Starts the mock. `clientId` and `redirectUri` are the registration; `resources` the
 * patient's record (resources with a `resourceType`); `launch` the EHR launch's context id;
 * `options.deny` makes the sign-in refuse.
 */
export function mockEhr({ clientId, redirectUri, patient, resources, launch }) {
  const log = [];
  const codes = new Map();
  const tokens = new Set();
  const options = { deny: false };
  let base = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, base);
    let body = '';
    for await (const chunk of req) body += chunk;
    log.push({ method: req.method, path: url.pathname, search: url.search, auth: req.headers.authorization ?? null, body });
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Headers': 'authorization, accept, content-type', 'Access-Control-Allow-Methods': 'GET, POST' };
    const json = (status, value, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, ...cors });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    if (url.pathname === '/fhir/.well-known/smart-configuration') {
      json(200, {
        authorization_endpoint: `${base}/auth/authorize`, token_endpoint: `${base}/auth/token`,
        code_challenge_methods_supported: ['S256'], grant_types_supported: ['authorization_code'],
        capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-standalone-patient', 'permission-v1'],
      });
      return;
    }
    if (url.pathname === '/auth/authorize') {
      const p = url.searchParams;
      const bad = (why) => { res.writeHead(400, { 'Content-Type': 'text/plain' }).end(why); };
      if (p.get('response_type') !== 'code') return bad('response_type');
      if (p.get('client_id') !== clientId) return bad('client_id');
      if (p.get('redirect_uri') !== redirectUri) return bad(`redirect_uri ${p.get('redirect_uri')}`);
      if (p.get('aud') !== `${base}/fhir`) return bad('aud');
      if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return bad('pkce');
      const scopes = (p.get('scope') ?? '').split(' ');
      if (scopes.includes('launch') && p.get('launch') !== launch) return bad('launch');
      if (!scopes.includes('launch') && !scopes.includes('launch/patient')) return bad('no launch context asked for');
      const back = new URL(redirectUri);
      back.searchParams.set('state', p.get('state'));
      if (options.deny) {
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = b64url(randomBytes(16));
        codes.set(code, { challenge: p.get('code_challenge'), redirectUri: p.get('redirect_uri'), scope: p.get('scope') });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/auth/token' && req.method === 'POST') {
      const p = new URLSearchParams(body);
      const grant = codes.get(p.get('code'));
      codes.delete(p.get('code'));
      const verified = grant && b64url(createHash('sha256').update(p.get('code_verifier') ?? '').digest()) === grant.challenge;
      if (!grant || !verified || p.get('redirect_uri') !== grant.redirectUri || p.get('client_id') !== clientId
        || p.get('grant_type') !== 'authorization_code') {
        json(400, { error: 'invalid_grant', error_description: verified === false ? 'the code verifier does not match' : 'unknown code' });
        return;
      }
      const token = b64url(randomBytes(24));
      tokens.add(token);
      json(200, { access_token: token, token_type: 'Bearer', expires_in: 300, scope: grant.scope, patient });
      return;
    }
    if (url.pathname.startsWith('/fhir/')) {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!tokens.has(token)) {
        json(401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }, 'application/fhir+json');
        return;
      }
      if (req.method !== 'GET') {
        json(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] }, 'application/fhir+json');
        return;
      }
      const [type, id] = url.pathname.slice('/fhir/'.length).split('/');
      if (id) {
        const found = resources.find((r) => r.resourceType === type && r.id === id);
        if (found) json(200, found, 'application/fhir+json');
        else json(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, 'application/fhir+json');
        return;
      }
      if (url.searchParams.get('patient') !== patient) {
        json(200, { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] }, 'application/fhir+json');
        return;
      }
      const wanted = url.searchParams.get('code')?.split(',') ?? null;
      const codings = (r) => (r.code?.coding ?? []).map((c) => `${c.system}|${c.code}`);
      const all = resources.filter((r) => r.resourceType === type && (!wanted || codings(r).some((c) => wanted.includes(c))));
      // Two per page, so that paging is followed.
      const page = Number(url.searchParams.get('_page') ?? 0);
      const entries = all.slice(page * 2, page * 2 + 2);
      const link = [{ relation: 'self', url: url.toString() }];
      if (all.length > page * 2 + 2) {
        const next = new URL(url);
        next.searchParams.set('_page', String(page + 1));
        link.push({ relation: 'next', url: next.toString() });
      }
      json(200, { resourceType: 'Bundle', type: 'searchset', total: all.length, link, entry: entries.map((resource) => ({ resource, search: { mode: 'match' } })) }, 'application/fhir+json');
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    base = `http://127.0.0.1:${server.address().port}`;
    ok({ server, base, log, options, close: () => server.close() });
  }));
}
