/**
 * What mail and events leave the system through: the event bus other systems (quality and
 * patient-safety systems) read, and the SES sender identity and configuration set of notification
 * mail. In the stateful stack: rules other systems put on the bus, and the identity's verification
 * (DNS records or a confirmed address), must survive any redeploy of the functions.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Name of the deployment's bus and configuration set: `palaute-<regionId>`, as the edge's resources. */
export const notificationResourceName = (regionId: string) => `palaute-${regionId}`;

/** The event bus of one deployment, `palaute-<regionId>`, kept when the stack is deleted. */
export class PalauteEventBus extends Construct {
  /** The bus; functions with `publishesEvents` may put events on it and on nothing else. */
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: { regionId: string }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: notificationResourceName(props.regionId),
      description: 'Palaute domain events (source palaute): FeedbackReceived, CaseCreated, CaseOverdue, CaseEscalated, CaseClosed',
    });
    // Subscribers' rules live on the bus; deleting it would silently cut them off.
    this.bus.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

/** Who notification mail comes from: the sender address and the SES identity that covers it. */
export interface MailSenderConfig {
  /** The From address of every mail, e.g. `palaute@hyvaks.fi`. */
  from: string;
  /** The identity verified in SES: the address itself, or its domain (DKIM records to publish). */
  identity: string;
}

/** What a function needs to send mail from the deployment's sender, and no more. */
export interface MailSender {
  from: string;
  identityArn: string;
  configurationSetName: string;
  configurationSetArn: string;
}

/**
 * The SES identity (an address, or a domain with Easy DKIM) and a configuration set requiring TLS
 * and keeping the account's suppression list for bounces and complaints. The identity is retained:
 * a new one would have to be verified again before any mail could go.
 */
export class PalauteMail extends Construct {
  /** The verified identity. */
  readonly identity: EmailIdentity;
  /** The configuration set every mail is sent with. */
  readonly configurationSet: ConfigurationSet;
  /** What PalauteFunction.bindMail needs. */
  readonly sender: MailSender;

  constructor(scope: Construct, id: string, props: { regionId: string; sender: MailSenderConfig }) {
    super(scope, id);
    const name = notificationResourceName(props.regionId);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: name,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const isAddress = props.sender.identity.includes('@');
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: isAddress ? Identity.email(props.sender.identity) : Identity.domain(props.sender.identity),
      configurationSet: this.configurationSet,
    });
    this.identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.sender = {
      from: props.sender.from,
      identityArn: this.identity.emailIdentityArn,
      configurationSetName: this.configurationSet.configurationSetName,
      configurationSetArn: Stack.of(this).formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
    };
  }
}

/**
 * Reads the sender from context `mailFrom` (an address) and `mailIdentity` (the address or its domain;
 * default the address). Undefined when `mailFrom` is unset: then no function may send mail on AWS.
 */
export function readMailSender(get: (key: string) => unknown): MailSenderConfig | undefined {
  const rawFrom = get('mailFrom');
  const rawIdentity = get('mailIdentity');
  if (rawFrom === undefined) {
    if (rawIdentity !== undefined) throw new Error('Context mailIdentity needs mailFrom, the sender address it verifies');
    return undefined;
  }
  const from = String(rawFrom);
  if (!/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(from))
    throw new Error(`Context mailFrom must be an e-mail address such as palaute@hyvaks.fi, got "${from}"`);
  const identity = rawIdentity === undefined ? from : String(rawIdentity);
  const domain = from.slice(from.indexOf('@') + 1).toLowerCase();
  // SES lets an address be sent from when the address or its domain is verified; nothing else covers it.
  if (identity.toLowerCase() !== from.toLowerCase() && identity.toLowerCase() !== domain)
    throw new Error(`Context mailIdentity must be mailFrom (${from}) or its domain (${domain}), got "${identity}"`);
  return { from, identity };
}
