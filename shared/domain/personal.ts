const email = /([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)/g;
const mobile = /(?<!\d)((?:\+86[- ]?)?1\d{2})\d{4}(\d{4})(?!\d)/g;
const landline = /(?<![\d.])(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g;

/** Masks the email addresses and mainland phone numbers in a text: `w***@example.cn`, `139****0000`. */
export function maskPersonal(text: string): string {
  return text.replace(email, '$1***@$2').replace(mobile, '$1****$2').replace(landline, '$1****$2');
}
