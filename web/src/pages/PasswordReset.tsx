// Placeholder (issue 16): password reset from the link sent by e-mail.
export function PasswordResetPage({ token }: { token: string | null }) {
  return <h1>Redefinir senha {token ? '' : ''}</h1>;
}
