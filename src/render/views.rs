//! What templates see: plain serialisable structs, all computed in Rust (see
//! `themes/default/CONTEXT.md`). Every `href`/`src` is already relative to the current page.

use serde::Serialize;

/// A link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Text.
    pub name: String,
    /// Relative href.
    pub href: String,
}

/// A breadcrumb item; the current page has no href.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// Text.
    pub name: String,
    /// Relative href, or null for the current page.
    pub href: Option<String>,
}

/// A menu item.
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    /// Text.
    pub name: String,
    /// Relative href (external URLs unchanged).
    pub href: String,
    /// True for the current section.
    pub active: bool,
}

/// An image, with what a responsive `<picture>` needs (see `partials/picture.html`).
#[derive(Debug, Clone, Serialize)]
pub struct Img {
    /// Relative src: the largest JPEG (or the file itself for SVG and GIF).
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// JPEG `srcset` (`a-480w.jpg 480w, …`), or null for an image shown as it is.
    pub srcset: Option<String>,
    /// WebP `srcset` for a `<source type="image/webp">`, or null.
    pub webp_srcset: Option<String>,
    /// The `sizes` hint for both srcsets, or null.
    pub sizes: Option<String>,
    /// Pixels of the largest rendition (or of the file), or null when unknown.
    pub width: Option<u32>,
    /// Pixels, as `width`.
    pub height: Option<u32>,
    /// True below the fold: `loading="lazy"`.
    pub lazy: bool,
}

/// Site settings shown on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// 网站名称.
    pub title: String,
    /// Tagline.
    pub description: String,
    /// `zh-CN`.
    pub language: String,
    /// 主办单位.
    pub organization: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// 网站标识码.
    pub site_id_code: Option<String>,
    /// ICP备案号.
    pub icp: Option<String>,
    /// 公安备案号.
    pub police_record: Option<String>,
    /// Its entry in the 公安 备案 system (from the record's 14 digits), when it has them.
    pub police_record_href: Option<String>,
    /// Host of base_url.
    pub domain: Option<String>,
}

/// Asset links.
#[derive(Debug, Clone, Serialize)]
pub struct Assets {
    /// Stylesheet.
    pub css: String,
    /// Script.
    pub js: String,
    /// Highlight stylesheet, only on pages with code.
    pub highlight_css: Option<String>,
}

/// Government meta tags and Open Graph.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    /// ColumnName.
    pub column_name: String,
    /// ColumnDescription.
    pub column_description: String,
    /// The page's language: `zh-Hant` for a page in traditional script, else the site's.
    pub lang: String,
    /// ColumnType: the kind of 栏目 (see [`crate::model::page::Kind::column_type`]).
    pub column_type: &'static str,
    /// ColumnKeywords.
    pub column_keywords: String,
    /// ArticleTitle.
    pub article_title: Option<String>,
    /// PubDate.
    pub pub_date: Option<String>,
    /// ContentSource.
    pub content_source: Option<String>,
    /// Keywords.
    pub keywords: String,
    /// Description.
    pub description: String,
    /// Url.
    pub url: String,
    /// Image.
    pub image: Option<String>,
    /// `article` or `website`.
    pub og_type: &'static str,
}

/// Build flags.
#[derive(Debug, Clone, Serialize)]
pub struct BuildView {
    /// `--drafts`.
    pub drafts: bool,
}

/// The keys every website template gets (the "Available in every template" table of
/// `themes/default/CONTEXT.md`), at the top level beside the template's own (see
/// [`PageContext`]).
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    /// Site settings, computed once per build (see [`crate::render::RenderInput::site_view`]).
    pub site: &'a SiteView,
    /// Main menu.
    pub menu: Vec<MenuItem>,
    /// Relative path to the root.
    pub root: String,
    /// Home link.
    pub home_href: String,
    /// Assets.
    pub assets: Assets,
    /// Search page link (null until the site has a search page).
    pub search_href: Option<String>,
    /// 网站地图 link (null when the theme has no `sitemap.html`).
    pub site_map_href: Option<String>,
    /// 当前位置.
    pub breadcrumb: Vec<Crumb>,
    /// Meta tags.
    pub meta: MetaView,
    /// `<title>`.
    pub page_title: String,
    /// RSS link.
    pub feed_href: Option<String>,
    /// Build flags.
    pub build: BuildView,
    /// Current year.
    pub year: i32,
}

/// What one website template is rendered with: the [`Common`] keys and the template's own
/// (`V`: one of the `…Context` structs below, or the search page's beside its page kind in
/// `src/channels/website/special.rs`), side by side at the top level, so templates read
/// `site`, `menu` … and `page`, `list` … alike. `V` must not repeat a common key.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a, V> {
    /// The keys every page gets.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The template's own keys.
    #[serde(flatten)]
    pub view: V,
}

/// A list card.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Title.
    pub title: String,
    /// Link.
    pub href: String,
    /// `2026年5月20日`.
    pub date_cn: Option<String>,
    /// `2026-05-20`.
    pub date_iso: Option<String>,
    /// Plain-text summary.
    pub summary: String,
    /// Cover image.
    pub cover: Option<Img>,
    /// 栏目.
    pub categories: Vec<Link>,
    /// 文章/人物/简报/文件.
    pub kind_label: &'static str,
}

/// A profile card.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileCard {
    /// Name.
    pub title: String,
    /// Link.
    pub href: String,
    /// 荣誉.
    pub honor: String,
    /// 年度.
    pub year: i64,
    /// 地区.
    pub region: Option<String>,
    /// 颁奖词.
    pub citation: Option<String>,
    /// Portrait.
    pub photo: Option<Img>,
}

/// A previous/next link.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    /// Title.
    pub title: String,
    /// Link.
    pub href: String,
}

/// A 相关文章 link: an article sharing 标签 or 栏目 (see [`crate::model::Site::related`]).
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    /// Title.
    pub title: String,
    /// Link.
    pub href: String,
    /// 2026年5月11日, when dated.
    pub date_cn: Option<String>,
}

/// The page's address and its QR code, for reading on a phone or passing on in WeChat.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// The page's full address (from `base_url`).
    pub url: String,
    /// Inline `<svg>` of the QR code of `url` (see [`crate::render::qr::qr_svg`]).
    pub qr_svg: String,
}

/// Table-of-contents entry.
pub type TocEntry = crate::markdown::TocEntry;

/// Profile block of a page.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// 荣誉.
    pub honor: String,
    /// 年度.
    pub year: i64,
    /// 授予单位.
    pub awarded_by: Option<String>,
    /// 地区.
    pub region: Option<String>,
    /// 单位.
    pub unit: Option<String>,
    /// Portrait.
    pub photo: Option<Img>,
    /// 颁奖词.
    pub citation: Option<String>,
    /// 服役经历.
    pub service: Option<String>,
    /// Link to this honor on the 光荣榜.
    pub honor_href: String,
}

/// An attachment link.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    /// Name.
    pub title: String,
    /// Link.
    pub href: String,
    /// `DOCX`, `PDF` …
    pub ext: String,
}

/// Document block of a page.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// 索引号.
    pub index_no: Option<String>,
    /// 发文字号.
    pub doc_no: Option<String>,
    /// 发布机构.
    pub publisher: Option<String>,
    /// 主题分类.
    pub topic: Option<String>,
    /// 体裁分类.
    pub genre: Option<String>,
    /// 成文日期.
    pub written_cn: Option<String>,
    /// 有效性.
    pub validity: &'static str,
    /// valid / expired / repealed.
    pub validity_class: &'static str,
    /// 附件.
    pub attachments: Vec<AttachmentView>,
}

/// One item of a briefing issue.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingItem {
    /// `item-1` …
    pub anchor: String,
    /// Headline.
    pub title: String,
    /// Source, e.g. 綦江区双拥办供稿.
    pub source: Option<String>,
    /// Body HTML.
    pub content: String,
    /// Link to the article.
    pub href: String,
}

/// 报/送/发 line.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionLine {
    /// 报 / 送 / 发 / 增发.
    pub label: &'static str,
    /// Recipients joined with 、.
    pub recipients: String,
}

/// Briefing block of a page.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingView {
    /// Series name.
    pub series_name: String,
    /// 简报/专报/增刊.
    pub kind: &'static str,
    /// 第5期 / 2026年第5期 / 增刊第1期.
    pub number_label: String,
    /// 总第41期.
    pub total_label: Option<String>,
    /// 编印单位.
    pub editor: String,
    /// Date.
    pub date_cn: Option<String>,
    /// 密级标注.
    pub classification: Option<String>,
    /// 编者按 HTML.
    pub editor_note: Option<String>,
    /// Items.
    pub items: Vec<BriefingItem>,
    /// True when the items get a 本期要目 (see
    /// [`crate::model::page::Briefing::has_contents`]).
    pub toc: bool,
    /// 报送 lines.
    pub distribution: Vec<DistributionLine>,
    /// 共印N份.
    pub copies: Option<u32>,
}

/// A content page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// article / profile / …
    pub kind: &'static str,
    /// 文章 / 人物 / …
    pub kind_label: &'static str,
    /// Title.
    pub title: String,
    /// Plain summary.
    pub summary: String,
    /// Summary HTML.
    pub summary_html: String,
    /// Date.
    pub date_iso: Option<String>,
    /// Date.
    pub date_cn: Option<String>,
    /// Updated date.
    pub updated_cn: Option<String>,
    /// 作者.
    pub author: Option<String>,
    /// 来源.
    pub source: Option<String>,
    /// 供稿.
    pub credit: Option<String>,
    /// 栏目.
    pub categories: Vec<Link>,
    /// 标签.
    pub tags: Vec<Link>,
    /// Cover.
    pub cover: Option<Img>,
    /// Body HTML.
    pub content: String,
    /// h2/h3.
    pub toc: Vec<TocEntry>,
    /// Minutes.
    pub reading_minutes: usize,
    /// Han characters.
    pub char_count: usize,
    /// Newer.
    pub prev: Option<Neighbour>,
    /// Older.
    pub next: Option<Neighbour>,
    /// 相关文章 (articles only).
    pub related: Vec<RelatedView>,
    /// Address and QR code, when the site has a `base_url`.
    pub share: Option<ShareView>,
    /// Draft banner.
    pub draft: bool,
    /// Print page.
    pub print_href: Option<String>,
    /// Profile block.
    pub profile: Option<ProfileView>,
    /// Document block.
    pub document: Option<DocumentView>,
    /// Briefing block.
    pub briefing: Option<BriefingView>,
}

/// Pagination.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Current page number.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page.
    pub prev_href: Option<String>,
    /// Next page.
    pub next_href: Option<String>,
    /// All pages.
    pub pages: Vec<PageNumber>,
}

/// One page number.
#[derive(Debug, Clone, Serialize)]
pub struct PageNumber {
    /// Number.
    pub number: usize,
    /// Link.
    pub href: String,
    /// Current?
    pub current: bool,
}

/// One year in the archive index (`archive.years`).
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveYear {
    /// The year.
    pub year: i32,
    /// Link to its archive page.
    pub href: String,
    /// Pages dated in it.
    pub count: usize,
    /// Its months, newest first.
    pub months: Vec<ArchiveMonthCount>,
}

/// One month in the archive index.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveMonthCount {
    /// 1–12.
    pub month: u8,
    /// Pages dated in it.
    pub count: usize,
    /// Anchor on the year page: `m5`.
    pub anchor: String,
}

/// One month on a year's archive page (`archive.months`).
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveMonth {
    /// 1–12.
    pub month: u8,
    /// `5月`.
    pub label: String,
    /// `m5`.
    pub anchor: String,
    /// Its pages, as cards.
    pub items: Vec<Card>,
}

/// What `archive.html` and `archive_year.html` get as `archive`.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveView {
    /// The year shown (year pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Every year, newest first.
    pub years: Vec<ArchiveYear>,
    /// The year's months, newest first (year pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<Vec<ArchiveMonth>>,
}

/// A list's heading and its items (`list` in `section.html`, `term.html`, `profiles.html` and
/// `documents.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ListView<T> {
    /// `工作动态`, `栏目：拥军优属` …
    pub title: String,
    /// Always empty: kept for themes that print a description under the title.
    pub description: &'static str,
    /// Cards, profile cards or document items.
    pub items: Vec<T>,
}

/// A policy document in a list (`documents.html`, `home.documents`).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentItem {
    /// Title.
    pub title: String,
    /// Link.
    pub href: String,
    /// 发文字号.
    pub doc_no: Option<String>,
    /// 发布机构.
    pub publisher: Option<String>,
    /// 成文日期 `2026年4月8日`.
    pub written_cn: Option<String>,
    /// Date `2026年4月8日`.
    pub date_cn: Option<String>,
    /// 有效/失效/废止.
    pub validity: &'static str,
    /// valid / expired / repealed.
    pub validity_class: &'static str,
}

/// One entry of the 有效性 filter bar on `documents.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentFilter {
    /// 全部 / 有效 / 失效 / 废止.
    pub name: &'static str,
    /// Link to its list.
    pub href: String,
    /// True on the list it names.
    pub current: bool,
    /// Documents it holds.
    pub count: usize,
}

/// A briefing issue in a list (`briefings.html`, `home.briefings`).
#[derive(Debug, Clone, Serialize)]
pub struct IssueItem {
    /// Title.
    pub title: String,
    /// Link.
    pub href: String,
    /// 第5期 / 2026年第5期 / 增刊第1期; empty when the title names the issue already.
    pub number_label: String,
    /// 总第41期, or null.
    pub total_label: Option<String>,
    /// Date.
    pub date_cn: Option<String>,
    /// Print page, or null.
    pub print_href: Option<String>,
}

/// A briefing series with its public issues (`series` in `briefings.html`).
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    /// Key in `config.yaml` (`jianbao`).
    pub key: String,
    /// Name (`綦江双拥工作简报`).
    pub name: String,
    /// 简报/专报/增刊.
    pub kind: &'static str,
    /// Its issues, newest first.
    pub issues: Vec<IssueItem>,
}

/// One honor on the 光荣榜 (`groups` in `honors.html`).
#[derive(Debug, Clone, Serialize)]
pub struct HonorGroup {
    /// 最美退役军人 …
    pub honor: String,
    /// Its anchor on the page (the profile pages' `honor_href` point here).
    pub anchor: String,
    /// Its years, newest first.
    pub years: Vec<HonorYear>,
}

/// The people honored in one year.
#[derive(Debug, Clone, Serialize)]
pub struct HonorYear {
    /// 年度.
    pub year: i64,
    /// Their profile cards.
    pub people: Vec<ProfileCard>,
}

/// One term on `taxonomy.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TermCount {
    /// Name.
    pub name: String,
    /// Link to its list.
    pub href: String,
    /// Pages it holds.
    pub count: usize,
}

/// `sitemap.html`: the 网站地图.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMapContext {
    /// Every column and page a reader can reach, in groups.
    pub site_map: Vec<SiteMapGroup>,
}

/// One group of the 网站地图 (主要栏目, 分类栏目, 单页, 其他).
#[derive(Debug, Clone, Serialize)]
pub struct SiteMapGroup {
    /// Heading.
    pub title: &'static str,
    /// Its links, in reading order.
    pub links: Vec<TermCount>,
}

/// All categories or all tags (`taxonomy` in `taxonomy.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView {
    /// 栏目 / 标签.
    pub title: &'static str,
    /// Every term, in the model's order.
    pub terms: Vec<TermCount>,
}

/// The “更多” links of the home page (`home.sections`).
#[derive(Debug, Clone, Serialize)]
pub struct HomeSections {
    /// 工作动态.
    pub articles_href: String,
    /// 典型人物.
    pub profiles_href: String,
    /// 光荣榜.
    pub honors_href: String,
    /// 双拥简报.
    pub briefings_href: String,
    /// 政策文件.
    pub documents_href: String,
}

/// What the home page shows (`home` in `index.html`).
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Latest 8 article cards.
    pub news: Vec<Card>,
    /// Latest article with a cover, or null.
    pub featured: Option<Card>,
    /// Latest 4 profile cards.
    pub profiles: Vec<ProfileCard>,
    /// Latest 5 issues.
    pub briefings: Vec<IssueItem>,
    /// Latest 5 documents.
    pub documents: Vec<DocumentItem>,
    /// “更多” links.
    pub sections: HomeSections,
}

/// Where an alias sends its visitor (`redirect` in `redirect.html`).
#[derive(Debug, Clone, Serialize)]
pub struct RedirectView {
    /// Relative link to the page.
    pub href: String,
    /// The page's title.
    pub title: String,
}

/// `article.html`, `profile.html`, `briefing.html`, `document.html`, `page.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ContentContext {
    /// The page.
    pub page: PageView,
}

/// `section.html` and `term.html`: cards, one page of them.
#[derive(Debug, Clone, Serialize)]
pub struct CardListContext {
    /// Heading and cards.
    pub list: ListView<Card>,
    /// Pager.
    pub pagination: Pagination,
}

/// `profiles.html`: profile cards, one page of them.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileListContext {
    /// Heading and profile cards.
    pub list: ListView<ProfileCard>,
    /// Pager.
    pub pagination: Pagination,
    /// Link to the 光荣榜.
    pub honors_href: String,
}

/// `honors.html`.
#[derive(Debug, Clone, Serialize)]
pub struct HonorsContext {
    /// Honors with their people.
    pub groups: Vec<HonorGroup>,
}

/// `briefings.html`.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingsContext {
    /// Series with their issues.
    pub series: Vec<SeriesView>,
}

/// `documents.html`: documents, one page of one filter.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentsContext {
    /// Heading and document items.
    pub list: ListView<DocumentItem>,
    /// The 有效性 filter bar.
    pub filters: Vec<DocumentFilter>,
    /// Pager.
    pub pagination: Pagination,
}

/// `taxonomy.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyContext {
    /// The terms.
    pub taxonomy: TaxonomyView,
}

/// `archive.html` and `archive_year.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveContext {
    /// Years (and the year's months on a year page).
    pub archive: ArchiveView,
}

/// `index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct HomeContext {
    /// What the home page shows.
    pub home: HomeView,
}

/// `404.html`: nothing beyond the common keys.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundContext {}

/// `redirect.html`.
#[derive(Debug, Clone, Serialize)]
pub struct RedirectContext {
    /// The target.
    pub redirect: RedirectView,
}
