// The part of nodemailer's API the alert mailer uses; the package ships
// no types of its own.
declare module 'nodemailer' {
  export interface MailOptions {
    from: string
    to: string[]
    subject: string
    text: string
  }
  export interface Transporter {
    sendMail(mail: MailOptions): Promise<unknown>
    close(): void
  }
  export function createTransport(url: string): Transporter
  const nodemailer: { createTransport: typeof createTransport }
  export default nodemailer
}
