-- 0041: FAQ answers. Admin-managed entries; a query that one entry matches confidently is answered in chat without an order.
create table faq_entry (
    id                 bigint generated always as identity primary key,
    question           text not null check (length(question) between 1 and 500),
    answer             text not null check (length(answer) between 1 and 2000),
    keywords           text[] not null default '{}',   -- words whose presence points at this entry
    synonyms           text[] not null default '{}',   -- other ways residents say the keywords (count like keywords)
    grid_id            bigint references grid (id) on delete cascade,  -- null = every grid; else the grid and everything below it
    valid_until        timestamptz,                    -- null = no end
    is_example         boolean not null default false, -- shipped example: admins should edit it for their area
    is_active          boolean not null default true,
    source_work_order_id bigint references work_order (id),
    answered_count     int not null default 0,
    not_helpful_count  int not null default 0,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    version            int not null default 1
);
create index faq_entry_active_idx on faq_entry (id) where is_active;

-- Each answer given in chat, so "没用" right after it can be counted and turned into a query order.
create table faq_answer (
    id                 bigint generated always as identity primary key,
    faq_entry_id       bigint not null references faq_entry (id),
    chat_id            text,
    userid             text not null,
    inbox_message_id   bigint references inbox_message (id),
    question_text      text not null,
    category           text not null,
    score              double precision not null,
    answered_at        timestamptz not null default now(),
    not_helpful_at     timestamptz,
    work_order_id      bigint references work_order (id)
);
create index faq_answer_recent_idx on faq_answer (userid, answered_at desc);

-- Examples for the common questions in the seeds; admins edit them (is_example stays true until they do). Inserted once, here.
insert into faq_entry (question, answer, keywords, synonyms, is_example) values
('身份证怎么办理、补办、换领？', '【示例，请按本地情况修改】身份证办理、补领、换领请本人带户口簿到户籍所在地派出所户籍窗口办理，现场采集照片和指纹，一般20个工作日可领取；急用可申请临时身份证。', '{身份证}', '{二代证,身份证件,身份证丢了,身份证过期}', true),
('户口本怎么办理、迁户口？', '【示例，请按本地情况修改】户口登记、迁移、补办户口簿请到户籍所在地派出所户籍窗口办理，需带身份证、户口簿及相关证明材料。', '{户口本,户口簿,迁户口,落户}', '{户口迁移,上户口,户籍}', true),
('居住证怎么办理？', '【示例，请按本地情况修改】居住证请带身份证、租房合同或房产证明到社区服务中心或派出所申请，居住满半年可办理。', '{居住证}', '{暂住证}', true),
('城乡居民医保在哪里交、交多少？', '【示例，请按本地情况修改】城乡居民医保每年集中缴费，可通过税务APP、微信“城乡居民医保缴费”或社区服务中心缴纳，具体标准以当年通知为准。', '{医保,医疗保险}', '{居民医保,城乡医保,农合,新农合}', true),
('养老保险、社保怎么缴费？', '【示例，请按本地情况修改】灵活就业人员养老保险可在社保APP或社区服务中心办理登记和缴费；单位职工由单位代缴。', '{社保,养老保险}', '{养老金缴费,灵活就业缴费,交社保}', true),
('疫苗在哪里打、怎么预约？', '【示例，请按本地情况修改】儿童计划免疫和成人疫苗请到社区卫生服务中心预防接种门诊接种，可电话或公众号预约，带好身份证和接种本。', '{疫苗,接种,打针}', '{打疫苗,预防针,疫苗本,HPV}', true),
('孩子入学怎么登记、要什么材料？', '【示例，请按本地情况修改】小学和初中入学登记一般在每年5-6月网上进行，需准备户口簿、房产证或居住证、出生证明等，具体以教育局通知为准。', '{入学,报名,上学}', '{入学登记,小学报名,幼儿园报名,随迁子女入学}', true),
('老年补贴（高龄津贴）怎么申请？', '【示例，请按本地情况修改】80周岁以上老人可申请高龄补贴，本人或家属带身份证、户口簿、银行卡到社区服务中心申请，审核通过后按月发放。', '{老年补贴,高龄补贴,高龄津贴}', '{老人补贴,老年人补助,养老补贴,尊老金}', true),
('低保怎么申请？', '【示例，请按本地情况修改】申请最低生活保障请带身份证、户口簿、收入证明等到社区服务中心提交申请，经入户调查、公示后审批。', '{低保}', '{最低生活保障,困难补助}', true),
('老年证、优待证怎么办？', '【示例，请按本地情况修改】60周岁以上老人可带身份证和一寸照片到社区服务中心办理老年优待证。', '{老年证}', '{老人证,敬老卡}', true);
