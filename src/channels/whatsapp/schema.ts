// The WhatsApp Cloud API webhook payload, as documented by Meta
// (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples). Only what we read is checked;
// unknown fields and unknown message types are tolerated, so a new field from Meta never breaks a delivery.
import { z } from 'zod';

const InteractiveReply = z.looseObject({ id: z.string().min(1).max(256), title: z.string().max(100).optional() });

export const InboundMessage = z.looseObject({
  from: z.string().min(1).max(32),
  id: z.string().min(1).max(256),
  timestamp: z.string().max(20).optional(),
  type: z.string().min(1).max(32),
  text: z.looseObject({ body: z.string().max(65_536) }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: InteractiveReply.optional(),
      list_reply: InteractiveReply.optional(),
    })
    .optional(),
  // A quick-reply button of a template message.
  button: z.looseObject({ text: z.string().max(256).optional(), payload: z.string().max(256).optional() }).optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

const Status = z.looseObject({ id: z.string(), status: z.string() });

export const Webhook = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(
        z.looseObject({
          field: z.string(),
          value: z.looseObject({
            messaging_product: z.string().optional(),
            metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
            contacts: z.array(z.looseObject({ wa_id: z.string().optional() })).optional(),
            messages: z.array(z.unknown()).optional(),
            statuses: z.array(Status).optional(),
          }),
        }),
      ),
    }),
  ),
});
export type Webhook = z.infer<typeof Webhook>;
