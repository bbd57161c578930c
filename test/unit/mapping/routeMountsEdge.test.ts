// The mount pass where it must be careful: mounts that could mean two things are not guessed, cycles end,
// and import specifiers resolve the way Node, Python and Go find modules.
import * as assert from 'node:assert/strict';
import { FileIndex } from '../../../src/core/mapping/fileIndex';
import { combineRoutePrefixes } from '../../../src/core/mapping/routes/combine';
import { ModuleResolver } from '../../../src/core/mapping/routes/modules';
import { scanRouteFile, scanRoutes } from '../../../src/core/mapping/routes/scan';
import { listing } from './sourceTree';

/** Combined routes of an inline workspace. */
function combine(files: Record<string, string>) {
  const scans = Object.entries(files).map(([f, text]) => scanRouteFile(f, text));
  return listing(combineRoutePrefixes(scans, new FileIndex(Object.keys(files))));
}

const ORDERS_ROUTER = `import { Router } from 'express';

export const ordersRouter = Router();

ordersRouter.get('/:id', (req, res) => res.json({}));
`;

describe('mapping/routes: mounts that are not guessed', () => {
  it('an alias two files fit leaves the router as scanned; one file fitting resolves', () => {
    const server = `import express from 'express';
import { ordersRouter } from '@/routes/orders';

const app = express();
app.use('/api/orders', ordersRouter);
`;
    const both = { 'web/server.ts': server, 'web/src/routes/orders.ts': ORDERS_ROUTER, 'web/legacy/routes/orders.ts': ORDERS_ROUTER };
    assert.deepEqual(combine(both), ['GET /:id web/legacy/routes/orders.ts:5', 'GET /:id web/src/routes/orders.ts:5']);
    const one = { 'web/server.ts': server, 'web/src/routes/orders.ts': ORDERS_ROUTER };
    assert.deepEqual(combine(one), ['GET /api/orders/:id web/src/routes/orders.ts:5']);
  });

  it('app.use(first, second) with a first argument that may be middleware or a prefix combines nothing', () => {
    const files = {
      'server.ts': `import { prefix } from './config';\nimport { ordersRouter } from './orders';\nconst app = express();\napp.use(prefix, ordersRouter);\n`,
      'orders.ts': ORDERS_ROUTER,
    };
    assert.deepEqual(combine(files), ['GET /:id orders.ts:5']);
  });

  it('a prefix held in a string constant is used', () => {
    const files = {
      'server.ts': `import { ordersRouter } from './orders';\nconst API = '/api/v3';\nconst app = express();\napp.use(API, ordersRouter);\n`,
      'orders.ts': ORDERS_ROUTER,
    };
    assert.deepEqual(combine(files), ['GET /api/v3/:id orders.ts:5']);
  });

  it('a Go method name two packages define routes in is not guessed', () => {
    const handler = (pkg: string) => `package ${pkg}\n\nimport "github.com/go-chi/chi/v5"\n\nfunc (h *Handler) Routes() chi.Router {\n\tr := chi.NewRouter()\n\tr.Get("/{id}", h.get)\n\treturn r\n}\n`;
    const files = {
      'main.go': 'package main\n\nimport "github.com/go-chi/chi/v5"\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Mount("/users", h.Routes())\n}\n',
      'users/handler.go': handler('users'),
      'orders/handler.go': handler('orders'),
    };
    assert.deepEqual(combine(files), ['GET /{id} orders/handler.go:7', 'GET /{id} users/handler.go:7']);
  });

  it('routers mounting each other end, and keep their routes', () => {
    const files = {
      'a.js': `const { Router } = require('express');\nconst { b } = require('./b');\nconst a = Router();\na.use('/b', b);\na.get('/x', (req, res) => res.end());\nmodule.exports = { a };\n`,
      'b.js': `const { Router } = require('express');\nconst { a } = require('./a');\nconst b = Router();\nb.use('/a', a);\nb.get('/y', (req, res) => res.end());\nmodule.exports = { b };\n`,
    };
    const routes = combine(files);
    assert.ok(routes.some((r) => r.endsWith('a.js:5')) && routes.some((r) => r.endsWith('b.js:5')), routes.join('\n'));
  });

  it('a module that does not export the mounted name adds nothing', () => {
    const files = {
      'server.js': `const orders = require('./orders');\nconst app = express();\napp.use('/api', orders.missing);\n`,
      'orders.js': `const router = require('express').Router();\nrouter.get('/list', (req, res) => res.end());\nmodule.exports = router;\n`,
    };
    assert.deepEqual(combine(files), ['GET /list orders.js:2']);
  });
});

describe('mapping/routes: in-file prefixes the scan now reads', () => {
  it('chi Route closures prefix the routes inside them, nested ones included', () => {
    const text = `package main

import "github.com/go-chi/chi/v5"

func routes() chi.Router {
	r := chi.NewRouter()
	r.Route("/api", func(r chi.Router) {
		r.Get("/orders/{id}", getOrder)
		r.Route("/admin", func(ar chi.Router) {
			ar.Post("/reindex", reindex)
		})
		r.Group(func(r chi.Router) {
			r.Delete("/orders/{id}", deleteOrder)
		})
	})
	r.Get("/health", health)
	return r
}
`;
    assert.deepEqual(scanRoutes('routes.go', text).map((r) => `${r.method} ${r.path}`), ['GET /api/orders/{id}', 'POST /api/admin/reindex', 'DELETE /api/orders/{id}', 'GET /health']);
  });

  it('koa-router prefix() applies to every route of that router', () => {
    const text = `import Router from '@koa/router';\nconst router = new Router();\nrouter.prefix('/v2');\nrouter.get('/items/:id', show);\n`;
    assert.deepEqual(scanRoutes('items.ts', text).map((r) => r.path), ['/v2/items/:id']);
  });
});

describe('mapping/routes: module resolution', () => {
  const files = [
    'src/server.ts', 'src/routes/orders.ts', 'src/routes/index.ts', 'src/lib/util.js', 'src/lib/util.ts',
    'app/__init__.py', 'app/main.py', 'app/routers/__init__.py', 'app/routers/items.py', 'app/api/v1/users.py',
    'go/internal/users/users.go', 'go/cmd/main.go', 'other/internal/users/users.go',
  ];
  const resolver = new ModuleResolver(files, new FileIndex(files), [{ module: 'github.com/acme/shop', folder: 'go' }]);

  it('Node and TypeScript: extensions, .js written for .ts, index files, no packages', () => {
    assert.equal(resolver.js('src/server.ts', './routes/orders'), 'src/routes/orders.ts');
    assert.equal(resolver.js('src/server.ts', './routes/orders.js'), 'src/routes/orders.ts');
    assert.equal(resolver.js('src/server.ts', './routes'), 'src/routes/index.ts');
    assert.equal(resolver.js('src/routes/orders.ts', '../lib/util'), 'src/lib/util.ts', 'TypeScript source before its compiled output');
    assert.equal(resolver.js('src/server.ts', 'express'), undefined);
    assert.equal(resolver.js('src/server.ts', '../../../outside'), undefined);
  });

  it('Python: relative levels, packages, absolute modules from the nearest folder holding them', () => {
    assert.equal(resolver.python('app/main.py', '.routers.items'), 'app/routers/items.py');
    assert.equal(resolver.python('app/api/v1/users.py', '...routers'), 'app/routers/__init__.py');
    assert.equal(resolver.python('app/main.py', 'app.routers.items'), 'app/routers/items.py');
    assert.equal(resolver.python('app/main.py', 'fastapi'), undefined);
  });

  it('Go: through go.mod exactly; without it only a unique suffix of two folders or more', () => {
    assert.equal(resolver.goPackage('github.com/acme/shop/internal/users'), 'go/internal/users');
    const noMod = new ModuleResolver(files, new FileIndex(files));
    assert.equal(noMod.goPackage('github.com/acme/shop/internal/users'), undefined, 'go/ and other/ both end in internal/users');
    assert.equal(noMod.goPackage('github.com/acme/shop/cmd'), undefined, 'one shared folder name proves little');
  });
});

describe('mapping/routes: registration functions', () => {
  it('a CommonJS module exporting a function called with a router: require(...)(router)', () => {
    const files = {
      'app.js': `const express = require('express');\nconst app = express();\nconst api = express.Router();\napp.use('/api', api);\nrequire('./routes/orders')(api);\n`,
      'routes/orders.js': `module.exports = (router) => {\n  router.get('/orders/:id', (req, res) => res.json({}));\n};\n`,
    };
    assert.deepEqual(combine(files), ['GET /api/orders/:id routes/orders.js:2']);
  });
});
