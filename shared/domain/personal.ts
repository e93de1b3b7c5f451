const email = /([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)/g;
const mobile = /(?<!\d)((?:\+86[- ]?)?1\d{2})\d{4}(\d{4})(?!\d)/g;
const landline = /(?<![\d.])(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g;

/** Masks the email addresses and mainland phone numbers in a text: `w***@example.cn`, `139****0000`. */
export function maskPersonal(text: string): string {
  return text.replace(email, '$1***@$2').replace(mobile, '$1****$2').replace(landline, '$1****$2');
}

/** The 56 ethnic groups (民族) in their official order, and 其他 for a person of an unrecognised group. */
export const ethnicGroups = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
  '其他',
] as const;

/**
 * Keys whose values are an individual's personal data wherever they appear (a nomination's `nominee`): the logger
 * writes a placeholder in their place, whatever they hold.
 */
export const personalKeys: ReadonlySet<string> = new Set(['nominee', 'gender', 'ethnicity', 'deeds']);

/** What the logs show instead of personal data. */
export const personalPlaceholder = '[个人信息已隐去]';
