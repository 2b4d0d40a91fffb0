import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { systemScope } from '../platform/scope.ts';
import { publicBaseUrl } from '../payer-page/links.ts';
import * as channels from './channels.ts';
import * as templates from './templates.ts';
import * as messages from './messages.ts';
import { dunningRoutes } from './dunning/routes.ts';
import { unsubscribePage } from './unsubscribe-page.ts';
import {
  Channel,
  ChannelParams,
  ChannelPut,
  ChannelTestResult,
  InvalidAddress,
  Message,
  Settings,
  SettingsPatch,
  Subscription,
  Template,
  TemplateParams,
  TemplatePreview,
  TemplatePreviewBody,
  TemplatePut,
} from './schemas.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const ChargeRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Charge id or number' }) });

export async function notificationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const baseUrl = publicBaseUrl(config);
  await app.register(dunningRoutes);

  // ---- channels ----
  let tags = ['Notification channels'];
  app.get(
    '/v1/notification-channels',
    {
      schema: {
        tags,
        summary: 'The channels configured (e-mail, SMS, WhatsApp); secrets are never returned',
        response: { 200: Type.Array(Channel), ...errors },
      },
    },
    async (req) => channels.listChannels(db, scopeOf(req)),
  );
  app.get(
    '/v1/notification-channels/:channel',
    { schema: { tags, summary: 'One channel', params: ChannelParams, response: { 200: Channel, ...errors } } },
    async (req) => channels.getChannel(db, scopeOf(req), req.params.channel),
  );
  app.put(
    '/v1/notification-channels/:channel',
    {
      schema: {
        tags,
        summary: 'Configure a channel: email → smtp, sms → zenvia, whatsapp → whatsapp_cloud',
        description:
          'Settings are checked against the provider’s fields (400 naming each). The secret is stored encrypted with COBRE_SECRET_KEY (409 reason secret_key_missing without it).',
        params: ChannelParams,
        body: ChannelPut,
        response: { 200: Channel, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => channels.putChannel(tx, scopeOf(req), req.params.channel, req.body)),
  );
  app.delete(
    '/v1/notification-channels/:channel',
    {
      schema: {
        tags,
        summary: 'Remove a channel (its messages in the queue then fail)',
        params: ChannelParams,
        response: { 200: Channel, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => channels.deleteChannel(tx, scopeOf(req), req.params.channel)),
  );
  app.post(
    '/v1/notification-channels/:channel/test',
    {
      schema: {
        tags,
        summary: 'Test connection: the provider checks the stored credentials (nothing is sent to a payer)',
        params: ChannelParams,
        response: { 200: ChannelTestResult, ...errors },
      },
    },
    async (req) => channels.testChannel(db, scopeOf(req), req.params.channel),
  );

  tags = ['Notifications'];
  app.get(
    '/v1/notification-settings',
    { schema: { tags, summary: 'Which channels send a new charge and a receipt', response: { 200: Settings, ...errors } } },
    async (req) => messages.getSettings(db, scopeOf(req)),
  );
  app.patch(
    '/v1/notification-settings',
    { schema: { tags, summary: 'Change the notice settings', body: SettingsPatch, response: { 200: Settings, ...errors } } },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => messages.patchSettings(tx, scopeOf(req), req.body)),
  );

  // ---- templates ----
  tags = ['Notification templates'];
  app.get(
    '/v1/notification-templates',
    {
      schema: {
        tags,
        summary: 'Every template (event × channel × locale), the tenant’s or the built-in one',
        response: { 200: Type.Array(Template), ...errors },
      },
    },
    async (req) => templates.listTemplates(db, scopeOf(req)),
  );
  app.get(
    '/v1/notification-templates/:event/:channel/:locale',
    { schema: { tags, summary: 'One template', params: TemplateParams, response: { 200: Template, ...errors } } },
    async (req) => templates.getTemplate(db, scopeOf(req), req.params),
  );
  app.put(
    '/v1/notification-templates/:event/:channel/:locale',
    {
      schema: {
        tags,
        summary: 'Save the tenant’s template',
        description: 'Every {{variable}} is checked: an unknown one is a 400 naming it (details[].issue "unknown variable {{x}}").',
        params: TemplateParams,
        body: TemplatePut,
        response: { 200: Template, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => templates.putTemplate(tx, scopeOf(req), req.params, req.body)),
  );
  app.delete(
    '/v1/notification-templates/:event/:channel/:locale',
    { schema: { tags, summary: 'Back to the built-in template', params: TemplateParams, response: { 200: Template, ...errors } } },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => templates.resetTemplate(tx, scopeOf(req), req.params)),
  );
  app.post(
    '/v1/notification-templates/:event/:channel/:locale/preview',
    {
      schema: {
        tags,
        summary: 'Render a template (given, or the saved one) with a charge’s values or sample values',
        params: TemplateParams,
        body: TemplatePreviewBody,
        response: { 200: TemplatePreview, ...errors },
      },
      preValidation: async (req) => {
        if (req.body == null) req.body = {};
      },
    },
    async (req) => templates.previewTemplate(db, scopeOf(req), req.params, req.body ?? {}, { today: clock.today(), baseUrl }),
  );

  // ---- the delivery log ----
  tags = ['Notifications'];
  app.get(
    '/v1/charges/:id/notifications',
    {
      schema: {
        tags,
        summary: 'The messages of a charge with their delivery log',
        params: ChargeRef,
        response: { 200: Type.Array(Message), ...errors },
      },
    },
    async (req) => messages.chargeMessages(db, scopeOf(req), req.params.id),
  );
  app.get(
    '/v1/notifications/:id',
    { schema: { tags, summary: 'One message with its delivery log', params: IdParams, response: { 200: Message, ...errors } } },
    async (req) => messages.getMessage(db, scopeOf(req), req.params.id),
  );
  app.post(
    '/v1/notifications/:id/resend',
    {
      schema: {
        tags,
        summary: 'Queue a failed, bounced or skipped message again',
        params: IdParams,
        response: { 200: Message, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => messages.resendMessage(tx, scopeOf(req), req.params.id)),
  );
  app.get(
    '/v1/notification-invalid-addresses',
    {
      schema: {
        tags,
        summary: 'Addresses that bounced (not used until cleared)',
        response: { 200: Type.Array(InvalidAddress), ...errors },
      },
    },
    async (req) => messages.listInvalidAddresses(db, scopeOf(req)),
  );
  app.delete(
    '/v1/notification-invalid-addresses/:channel/:address',
    {
      schema: {
        tags,
        summary: 'Use a bounced address again',
        params: Type.Object({ channel: Type.String({ maxLength: 16 }), address: Type.String({ maxLength: 320 }) }),
        response: { 200: Type.Object({ channel: Type.String(), address: Type.String(), cleared: Type.Boolean() }), ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        messages.clearInvalidAddress(tx, scopeOf(req), req.params.channel, req.params.address),
      ),
  );
  app.get(
    '/v1/customers/:id/notification-subscription',
    {
      schema: {
        tags,
        summary: 'Whether the payer unsubscribed from reminders',
        params: IdParams,
        response: { 200: Subscription, ...errors },
      },
    },
    async (req) => messages.customerSubscription(db, scopeOf(req), req.params.id),
  );

  // ---- the payer's unsubscribe link (public, no login) ----
  const page = async (token: string, method: 'GET' | 'POST', oneClick: boolean) => {
    const found = await messages.findUnsubscribe(db, token);
    if (!found) return { status: 404, html: unsubscribePage({ state: 'not_found' }) };
    if (method === 'POST') {
      await db.transaction((tx) =>
        messages.setUnsubscribedByToken(
          tx,
          systemScope(found.tenantId, clock.now()),
          found.customer_id,
          true,
          oneClick ? 'one_click' : 'page',
        ),
      );
      return { status: 200, html: unsubscribePage({ state: 'done', name: found.customer_name }) };
    }
    return { status: 200, html: unsubscribePage({ state: found.unsubscribed_at ? 'done' : 'confirm', name: found.customer_name }) };
  };
  const headers = {
    'x-robots-tag': 'noindex, nofollow',
    'referrer-policy': 'no-referrer',
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  };
  const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
  app.get('/descadastrar/:token', { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (req, reply) => {
    const r = await page(req.params.token, 'GET', false);
    return reply.code(r.status).headers(headers).type('text/html; charset=utf-8').send(r.html);
  });
  // RFC 8058 one-click (List-Unsubscribe-Post) and the page's own button.
  app.post('/descadastrar/:token', { config: { public: true }, schema: { hide: true, params: TokenParams } }, async (req, reply) => {
    const r = await page(req.params.token, 'POST', (req.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click');
    return reply.code(r.status).headers(headers).type('text/html; charset=utf-8').send(r.html);
  });
}
