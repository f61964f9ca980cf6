/**
 * Fixed vocabularies with stable codes. Sources are in /work/shared/docs/domain.md;
 * lists the province decides (industries, clusters) are NOT here: they are editable code tables.
 */
import { opt, type EnumOption } from './schema';

/** 技术领域, as on the Hebei demand-collection form. */
export const TECH_FIELDS: readonly EnumOption[] = [
  opt('electronic_info', '电子信息', 'Electronic information', ['电子信息技术']),
  opt('opto_mechatronics', '光机电一体化', 'Opto-mechatronics', ['光机电']),
  opt('biotech_pharma', '生物技术与制药', 'Biotechnology and pharmaceuticals', [
    '生物医药',
    '生物技术',
    '生物与新医药',
  ]),
  opt('new_materials', '新材料及应用', 'New materials', ['新材料']),
  opt('modern_agriculture', '现代农业', 'Modern agriculture', ['农业']),
  opt('new_energy', '新能源与高效节能', 'New energy and energy efficiency', ['新能源', '节能', '新能源及节能']),
  opt('resources_environment', '资源与环境', 'Resources and environment', ['资源环境', '环保', '节能环保']),
  opt('high_tech_services', '高技术服务业', 'High-tech services', ['高技术服务']),
  opt('marine', '海洋', 'Marine'),
  opt('public_affairs', '社会公共事业', 'Public services'),
  opt('medical_health', '医疗卫生', 'Medicine and health', ['医疗', '卫生']),
  opt('other', '其他', 'Other', ['其它']),
];

/** 合作方式: Civil Code art. 843/851/863, the transformation law (作价投资), local calls (人才引进, 共建研发平台). */
export const COOPERATION_MODES: readonly EnumOption[] = [
  opt('commissioned_dev', '委托开发', 'Commissioned development'),
  opt('joint_dev', '合作开发', 'Joint development', ['合作研发', '联合开发']),
  opt('transfer', '技术转让', 'Technology transfer', ['转让']),
  opt('licensing', '技术许可', 'Technology licensing', ['许可', '专利许可']),
  opt('consulting', '技术咨询', 'Technical consulting', ['咨询']),
  opt('service', '技术服务', 'Technical service', ['服务']),
  opt('equity', '作价投资', 'Technology as equity', ['技术入股', '作价入股']),
  opt('talent', '人才引进', 'Talent recruitment', ['引进人才']),
  opt('joint_platform', '共建研发平台', 'Joint R&D platform', ['共建平台', '共建研发机构']),
];

/** 解决方式 on the demand form. */
export const SOLVE_MODES: readonly EnumOption[] = [
  opt('independent', '独立研发', 'In-house R&D', ['自主研发', '独立开发']),
  opt('commissioned', '委托开发', 'Commission others', ['委托研发']),
  opt('cooperative', '合作研发', 'Joint R&D', ['合作开发', '联合研发']),
  opt('other', '其他', 'Other', ['其它']),
];

/**
 * 科技活动类型. The Hebei form names the field but we found no copy of its option list; these are the
 * categories of the national S&T activity statistics. Kept short so the province can extend them.
 */
export const ACTIVITY_TYPES: readonly EnumOption[] = [
  opt('basic_research', '基础研究', 'Basic research'),
  opt('applied_research', '应用研究', 'Applied research'),
  opt('experimental_dev', '试验发展', 'Experimental development'),
  opt('rd_application', '研究与试验发展成果应用', 'Application of R&D results', ['成果应用']),
  opt('extension_service', '技术推广与科技服务', 'Technology extension and services', ['技术推广', '科技服务']),
  opt('production', '生产性活动', 'Production activity'),
];

export const DEMAND_SOURCES: readonly EnumOption[] = [
  opt('enterprise_filed', '企业填报', 'Filed by the enterprise', ['企业自报']),
  opt('visit_found', '走访发现', 'Found on a visit', ['走访']),
  opt('township_reported', '乡镇上报', 'Reported by a township', ['乡镇报送']),
  opt('imported', '导入', 'Imported', ['表格导入']),
];

export const QUALIFICATIONS: readonly EnumOption[] = [
  opt('high_tech', '高新技术企业', 'High-tech enterprise', ['高企', '国家高新技术企业', '国家高新']),
  opt('tech_sme', '科技型中小企业', 'Tech-based SME', ['科小', '科技型中小']),
  opt('specialized', '专精特新', 'Specialised and innovative SME', ['专精特新中小企业', '专精特新企业']),
  opt('little_giant', '专精特新“小巨人”', '"Little giant"', ['小巨人', '专精特新小巨人', '专精特新"小巨人"']),
];

export const COMMISSIONER_KINDS: readonly EnumOption[] = [
  opt('agricultural', '农业科技特派员', 'Agricultural commissioner', ['农业', '农业特派员']),
  opt('enterprise', '企业科技特派员', 'Enterprise commissioner', ['企业', '企业特派员']),
  opt('township', '乡镇科技特派员', 'Township commissioner', ['乡镇', '乡镇特派员']),
  opt('team_member', '科技特派团成员', 'Commissioner team member', ['科技特派团', '特派团成员']),
  opt('broker', '技术经纪人', 'Technology broker', ['经纪人']),
  opt('graduate', '研究生科技特派员', 'Graduate-student commissioner', ['研究生']),
];

export const GENDERS: readonly EnumOption[] = [opt('male', '男', 'Male', ['M']), opt('female', '女', 'Female', ['F'])];

export const VISIT_MODES: readonly EnumOption[] = [
  opt('onsite', '实地走访', 'On-site visit', ['实地服务', '现场服务', '走访']),
  opt('online', '线上服务', 'Online service', ['线上', '网络服务', '视频']),
  opt('training', '培训', 'Training', ['技术培训', '培训讲座']),
  opt('phone', '电话', 'Phone', ['电话服务', '电话咨询']),
  opt('other', '其他', 'Other', ['其它']),
];

export const DIVISION_LEVELS: readonly EnumOption[] = [
  opt('province', '省', 'Province'),
  opt('city', '市', 'City'),
  opt('county', '县级', 'County level'),
  opt('township', '乡镇', 'Township'),
];

/** Files staff may attach: photos of visits and scanned documents. */
export const ATTACHMENT_MIME_TYPES: readonly EnumOption[] = [
  opt('image/jpeg', 'JPEG 图片', 'JPEG image', ['jpg', 'jpeg']),
  opt('image/png', 'PNG 图片', 'PNG image', ['png']),
  opt('image/webp', 'WebP 图片', 'WebP image', ['webp']),
  opt('application/pdf', 'PDF 文件', 'PDF document', ['pdf']),
];
