// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IToken} from "../interfaces/IToken.sol";
import {ITokenLock} from "../interfaces/ITokenLock.sol";
import {ITokenBridgeable} from "../interfaces/ITokenBridgeable.sol";
import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IModularCompliance} from "../interfaces/IModularCompliance.sol";
import {TransferInfo, TransferKind} from "../interfaces/IComplianceModule.sol";
import {AgentRole} from "../roles/AgentRole.sol";
import {Managed} from "../roles/Managed.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {RestrictionMessages} from "../libraries/RestrictionMessages.sol";

/// @title Token
/// @notice Tessera's ERC-3643 security token, deployed per asset as an EIP-1167 clone by the TokenFactory.
/// @dev ERC-20 written here (same behaviour and EIP-6093 errors as OpenZeppelin's) so that each wallet's balance,
/// frozen amount and frozen flag share one storage slot: a holder transfer reads two account slots, the token's two
/// configuration slots, one registry call (both wallets' records) and one compliance call that carries everything
/// the modules need. Every balance change goes through `_move`, the one transfer hook.
contract Token is
    IToken,
    ITokenLock,
    IERC165,
    ITokenBridgeable,
    IERC20Metadata,
    IERC20Errors,
    IERC20Permit,
    IERC1643,
    OwnableUpgradeable,
    EIP712Upgradeable,
    NoncesUpgradeable,
    AgentRole,
    Managed
{
    /// @dev ERC-1643 document; `lastModified` is unix seconds (0 = no such document).
    struct Document {
        string uri;
        bytes32 documentHash;
        uint256 lastModified;
    }

    /// @dev One slot per wallet. Balances fit 120 bits because the total supply is capped at `MAX_SUPPLY`.
    /// `locked` says the wallet has locked tokens (`lockedTokens`), so a holder transfer reads that second slot only
    /// for wallets with a lock.
    struct Account {
        uint120 balance;
        uint120 frozenTokens;
        bool frozen;
        bool locked;
    }

    /// @custom:storage-location erc7201:tessera.storage.Token
    struct TokenStorage {
        // slot 0, read by every transfer
        address identityRegistry;
        uint8 decimals;
        uint8 assetClass;
        bool paused;
        // slot 1, read by every transfer
        address compliance;
        uint256 totalSupply;
        address onchainID;
        string name;
        string symbol;
        mapping(address wallet => Account) accounts;
        mapping(address owner => mapping(address spender => uint256)) allowances;
        mapping(bytes32 name => Document) documents;
        bytes32[] documentNames;
        mapping(bytes32 name => uint256) documentIndex; // position in documentNames + 1
        mapping(address wallet => uint256) lockedTokens; // ITokenLock, all lockers together
        mapping(address locker => bool) lockers;
        address bridge; // ERC-7802: the one caller of crosschainMint and crosschainBurn
    }

    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    /// @notice The largest total supply, in token base units (2^120 - 1, about 1.3e36).
    uint256 public constant MAX_SUPPLY = type(uint120).max;

    // keccak256(abi.encode(uint256(keccak256("tessera.storage.Token")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE = 0x04eabb49847ca13db4b502e1a8bdf3ccf7df45a07f0293eddf57fa5103e6cd00;

    /// @notice A mint would take the total supply above `MAX_SUPPLY`.
    error MaxSupplyExceeded(uint256 totalSupply, uint256 maxSupply);

    function _s() private pure returns (TokenStorage storage $) {
        assembly {
            $.slot := STORAGE
        }
    }

    /// @dev ERC-1404 texts (`messageForTransferRestriction`), deployed with the implementation: see its @dev.
    RestrictionMessages private immutable _MESSAGES;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
        _MESSAGES = new RestrictionMessages();
    }

    /// @notice Initializes a clone. The owner also becomes the first agent.
    /// @dev Reverts with `DecimalsOutOfRange`, `InvalidAssetClass` or `InvalidAddress`.
    /// @param initialOwner Owner and first agent (the issuer).
    /// @param name_ ERC-20 name.
    /// @param symbol_ ERC-20 symbol.
    /// @param decimals_ Decimals, 0..18.
    /// @param assetClass_ 0 fund share, 1 bond, 2 equity, 3 real estate.
    /// @param identityRegistry_ The identity registry.
    /// @param compliance_ The compliance (bound to this token by its owner).
    /// @param onchainID_ The token's own ONCHAINID, or zero.
    /// @param authority_ The AccessManager opening agent operations to roles (`Roles`), or zero.
    function initialize(
        address initialOwner,
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint8 assetClass_,
        address identityRegistry_,
        address compliance_,
        address onchainID_,
        address authority_
    ) external initializer {
        if (decimals_ > 18) revert DecimalsOutOfRange(decimals_);
        if (assetClass_ > 3) revert InvalidAssetClass(assetClass_);
        if (identityRegistry_ == address(0)) revert InvalidAddress(identityRegistry_);
        if (compliance_ == address(0)) revert InvalidAddress(compliance_);
        __Ownable_init(initialOwner);
        __EIP712_init(name_, "1");
        _addAgent(initialOwner);
        TokenStorage storage $ = _s();
        $.name = name_;
        $.symbol = symbol_;
        $.decimals = decimals_;
        $.assetClass = assetClass_;
        $.identityRegistry = identityRegistry_;
        $.compliance = compliance_;
        $.onchainID = onchainID_;
        if (authority_ != address(0)) _setAuthority(authority_);
        emit IdentityRegistryAdded(identityRegistry_);
        emit ComplianceAdded(compliance_);
        emit UpdatedTokenInformation(name_, symbol_, decimals_, version(), onchainID_);
    }

    // ------------------------------------------------------------------ ERC-20

    /// @inheritdoc IERC20Metadata
    function name() public view returns (string memory) {
        return _s().name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() public view returns (string memory) {
        return _s().symbol;
    }

    /// @notice Token decimals, 0..18, fixed at initialization.
    function decimals() public view returns (uint8) {
        return _s().decimals;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _s().totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) public view returns (uint256) {
        return _s().accounts[account].balance;
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) public view returns (uint256) {
        return _s().allowances[owner][spender];
    }

    /// @inheritdoc IERC20
    /// @dev Reverts as a holder transfer (see `IToken`), or with `ERC20InvalidReceiver`/`ERC20InsufficientBalance`.
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev Reverts with `ERC20InsufficientAllowance`, else as `transfer`. An infinite allowance is never spent.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev Reverts with `ERC20InvalidSpender` for the zero spender.
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value, true);
        return true;
    }

    /// @dev Agents may do every agent operation; other callers need the AccessManager role for the function
    /// (`Roles`). Reverts with `CallerNotAgent`.
    modifier onlyAgentOrRole() {
        if (!isAgent(msg.sender) && !_canCall(msg.sender)) revert CallerNotAgent(msg.sender);
        _;
    }

    /// @dev The owner, or a caller with the AccessManager role for the function. Reverts with
    /// `OwnableUnauthorizedAccount`.
    modifier onlyOwnerOrRole() {
        if (msg.sender != owner() && !_canCall(msg.sender)) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ ERC-2612

    /// @inheritdoc IERC20Permit
    /// @dev Reverts with `ERC2612ExpiredSignature`, `ERC2612InvalidSigner` or `ERC20InvalidSpender`. The EIP-712
    /// domain is the token's name at initialization, version "1", the chain id and the token address.
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        // A deadline is a user-chosen date: validator timestamp drift (seconds) does not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approve(owner, spender, value, true);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, NoncesUpgradeable) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ ERC-1643

    /// @inheritdoc IERC1643
    function setDocument(bytes32 name_, string calldata uri, bytes32 documentHash) external onlyOwnerOrRole {
        if (name_ == bytes32(0) || bytes(uri).length == 0) revert InvalidDocument(name_);
        TokenStorage storage $ = _s();
        if ($.documentIndex[name_] == 0) {
            $.documentNames.push(name_);
            $.documentIndex[name_] = $.documentNames.length;
        }
        $.documents[name_] = Document({uri: uri, documentHash: documentHash, lastModified: block.timestamp});
        emit DocumentUpdated(name_, uri, documentHash);
    }

    /// @inheritdoc IERC1643
    function removeDocument(bytes32 name_) external onlyOwnerOrRole {
        TokenStorage storage $ = _s();
        uint256 index = $.documentIndex[name_];
        if (index == 0) revert DocumentNotFound(name_);
        Document memory d = $.documents[name_];
        uint256 last = $.documentNames.length;
        if (index != last) {
            bytes32 moved = $.documentNames[last - 1];
            $.documentNames[index - 1] = moved;
            $.documentIndex[moved] = index;
        }
        $.documentNames.pop();
        delete $.documentIndex[name_];
        delete $.documents[name_];
        emit DocumentRemoved(name_, d.uri, d.documentHash);
    }

    /// @inheritdoc IERC1643
    function getDocument(bytes32 name_)
        external
        view
        returns (string memory uri, bytes32 documentHash, uint256 lastModified)
    {
        Document storage d = _s().documents[name_];
        return (d.uri, d.documentHash, d.lastModified);
    }

    /// @inheritdoc IERC1643
    function getAllDocuments() external view returns (bytes32[] memory) {
        return _s().documentNames;
    }

    // ------------------------------------------------------------------ owner

    /// @inheritdoc IAgentRole
    function addAgent(address agent) external onlyOwner {
        _addAgent(agent);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address agent) external onlyOwner {
        _removeAgent(agent);
    }

    /// @inheritdoc IManaged
    function setAuthority(address newAuthority) external onlyOwner {
        _setAuthority(newAuthority);
    }

    /// @inheritdoc IToken
    function setIdentityRegistry(address identityRegistry_) external onlyOwner {
        if (identityRegistry_ == address(0)) revert InvalidAddress(identityRegistry_);
        _s().identityRegistry = identityRegistry_;
        emit IdentityRegistryAdded(identityRegistry_);
    }

    /// @inheritdoc IToken
    function setCompliance(address compliance_) external onlyOwner {
        if (compliance_ == address(0)) revert InvalidAddress(compliance_);
        _s().compliance = compliance_;
        emit ComplianceAdded(compliance_);
    }

    /// @inheritdoc IToken
    function setName(string calldata name_) external onlyOwnerOrRole {
        if (bytes(name_).length == 0) revert EmptyTokenInformation();
        TokenStorage storage $ = _s();
        $.name = name_;
        emit UpdatedTokenInformation(name_, $.symbol, $.decimals, version(), $.onchainID);
    }

    /// @inheritdoc IToken
    function setSymbol(string calldata symbol_) external onlyOwnerOrRole {
        if (bytes(symbol_).length == 0) revert EmptyTokenInformation();
        TokenStorage storage $ = _s();
        $.symbol = symbol_;
        emit UpdatedTokenInformation($.name, symbol_, $.decimals, version(), $.onchainID);
    }

    /// @inheritdoc IToken
    function setOnchainID(address onchainID_) external onlyOwner {
        _s().onchainID = onchainID_;
        emit UpdatedTokenInformation(name(), symbol(), decimals(), version(), onchainID_);
    }

    // ------------------------------------------------------------------ agent

    /// @inheritdoc IToken
    function mint(address to, uint256 amount) external onlyAgentOrRole {
        _mint(to, amount);
    }

    /// @inheritdoc IToken
    function burn(address from, uint256 amount) external onlyAgentOrRole {
        _burn(from, amount);
    }

    /// @inheritdoc IToken
    function pause() external onlyAgentOrRole {
        TokenStorage storage $ = _s();
        if ($.paused) revert TokenPaused();
        $.paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IToken
    function unpause() external onlyAgentOrRole {
        TokenStorage storage $ = _s();
        if (!$.paused) revert TokenNotPaused();
        $.paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IToken
    function setAddressFrozen(address wallet, bool freeze) external onlyAgentOrRole {
        _setAddressFrozen(wallet, freeze);
    }

    function _setAddressFrozen(address wallet, bool freeze) private {
        _s().accounts[wallet].frozen = freeze;
        emit AddressFrozen(wallet, freeze, msg.sender);
    }

    /// @inheritdoc IToken
    function freezePartialTokens(address wallet, uint256 amount) external onlyAgentOrRole {
        _freezePartial(wallet, amount);
    }

    function _freezePartial(address wallet, uint256 amount) private {
        Account storage a = _s().accounts[wallet];
        uint256 balance = a.balance;
        uint256 current = a.frozenTokens;
        // The frozen amount may exceed the balance (ERC-7943 setFrozenTokens); written as a subtraction so a huge
        // `amount` cannot overflow.
        uint256 free = balance > current ? balance - current : 0;
        if (amount > free) revert FreezeExceedsBalance(wallet, free, amount);
        // Fits 120 bits: current + amount <= balance <= MAX_SUPPLY (amount is 0 when current >= balance).
        // forge-lint: disable-next-line(unsafe-typecast)
        a.frozenTokens = uint120(current + amount);
        emit TokensFrozen(wallet, amount);
    }

    /// @inheritdoc IToken
    function unfreezePartialTokens(address wallet, uint256 amount) external onlyAgentOrRole {
        _unfreezePartial(wallet, amount);
    }

    function _unfreezePartial(address wallet, uint256 amount) private {
        Account storage a = _s().accounts[wallet];
        uint256 current = a.frozenTokens;
        if (amount > current) revert UnfreezeExceedsFrozen(wallet, current, amount);
        // Cannot underflow: checked just above.
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            a.frozenTokens = uint120(current - amount);
        }
        emit TokensUnfrozen(wallet, amount);
    }

    /// @inheritdoc IToken
    function setFrozenTokens(address wallet, uint256 amount) external onlyAgentOrRole returns (bool) {
        // ERC-7943: more than the balance may be frozen (withholding future balance), up to MAX_SUPPLY.
        if (amount > MAX_SUPPLY) revert FreezeExceedsMaxSupply(wallet, amount);
        Account storage a = _s().accounts[wallet];
        uint256 current = a.frozenTokens;
        // Fits 120 bits: amount <= MAX_SUPPLY.
        // forge-lint: disable-next-line(unsafe-typecast)
        a.frozenTokens = uint120(amount);
        if (amount > current) emit TokensFrozen(wallet, amount - current);
        else if (amount < current) emit TokensUnfrozen(wallet, current - amount);
        emit Frozen(wallet, amount);
        return true;
    }

    /// @inheritdoc IToken
    function forcedTransfer(address from, address to, uint256 amount) external onlyAgentOrRole returns (bool) {
        _forcedTransfer(from, to, amount);
        return true;
    }

    function _forcedTransfer(address from, address to, uint256 amount) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _move(from, to, amount, TransferKind.FORCED);
        emit ForcedTransfer(from, to, amount);
    }

    /// @inheritdoc IToken
    function batchForcedTransfer(address[] calldata from, address[] calldata to, uint256[] calldata amounts)
        external
        onlyAgentOrRole
    {
        uint256 n = from.length;
        if (to.length != n) revert BatchLengthMismatch(n, to.length);
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _forcedTransfer(from[i], to[i], amounts[i]);
        }
    }

    /// @inheritdoc IToken
    function batchSetAddressFrozen(address[] calldata wallets, bool[] calldata freeze) external onlyAgentOrRole {
        uint256 n = wallets.length;
        if (freeze.length != n) revert BatchLengthMismatch(n, freeze.length);
        for (uint256 i; i < n; ++i) {
            _setAddressFrozen(wallets[i], freeze[i]);
        }
    }

    /// @inheritdoc IToken
    function batchFreezePartialTokens(address[] calldata wallets, uint256[] calldata amounts) external onlyAgentOrRole {
        uint256 n = wallets.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _freezePartial(wallets[i], amounts[i]);
        }
    }

    /// @inheritdoc IToken
    function batchUnfreezePartialTokens(address[] calldata wallets, uint256[] calldata amounts)
        external
        onlyAgentOrRole
    {
        uint256 n = wallets.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _unfreezePartial(wallets[i], amounts[i]);
        }
    }

    /// @inheritdoc IToken
    function recoveryAddress(address lostWallet, address newWallet, address investorOnchainID)
        external
        onlyAgentOrRole
        returns (bool)
    {
        TokenStorage storage $ = _s();
        Account memory lost = $.accounts[lostWallet];
        if (lost.balance == 0) revert NothingToRecover(lostWallet);
        if (newWallet == address(0) || newWallet == lostWallet) revert InvalidAddress(newWallet);
        // The registry checks that both wallets are the investor's, registers the new one when it is a management
        // key of the investor's ONCHAINID, and removes the lost one.
        (IIdentityRegistry.InvestorRecord memory rl, IIdentityRegistry.InvestorRecord memory rn) =
            IIdentityRegistry($.identityRegistry).recoverWallet(lostWallet, newWallet, investorOnchainID);

        // The whole account moves: balance, frozen amount, frozen flag.
        Account storage fresh = $.accounts[newWallet];
        Account memory before = fresh;
        $.accounts[lostWallet] = Account({balance: 0, frozenTokens: 0, frozen: lost.frozen, locked: false});
        // Locks do not follow the wallet: the lockers' records name the lost wallet, so its locks are released.
        if (lost.locked) {
            uint256 l = $.lockedTokens[lostWallet];
            $.lockedTokens[lostWallet] = 0;
            emit TokensUnlocked(lostWallet, msg.sender, l);
        }
        // Cannot overflow: both balances are within the total supply <= MAX_SUPPLY.
        fresh.balance = before.balance + lost.balance;
        if (lost.frozenTokens != 0) {
            uint256 frozenSum = uint256(before.frozenTokens) + lost.frozenTokens;
            // Capped at MAX_SUPPLY: frozen amounts may exceed balances (ERC-7943), their sum may not fit 120 bits.
            // forge-lint: disable-next-line(unsafe-typecast)
            fresh.frozenTokens = uint120(frozenSum > MAX_SUPPLY ? MAX_SUPPLY : frozenSum);
            emit TokensUnfrozen(lostWallet, lost.frozenTokens);
            emit Frozen(lostWallet, 0);
        }
        emit Transfer(lostWallet, newWallet, lost.balance);
        if (lost.frozenTokens != 0) {
            emit TokensFrozen(newWallet, lost.frozenTokens);
            emit Frozen(newWallet, fresh.frozenTokens);
        }
        if (lost.frozen && !before.frozen) {
            fresh.frozen = true;
            emit AddressFrozen(newWallet, true, msg.sender);
        }

        // Modules record an agent move between two wallets of one identity (holder counts, identity balances and
        // lock-ups follow the investor).
        TransferInfo memory t = TransferInfo({
            kind: TransferKind.FORCED,
            from: lostWallet,
            to: newWallet,
            amount: lost.balance,
            fromBalance: lost.balance,
            toBalance: before.balance,
            fromIdentity: rl.identity,
            toIdentity: rn.identity,
            fromCountry: rl.country,
            toCountry: rn.country
        });
        _complianceUpdate($.compliance, t);
        emit RecoverySuccess(lostWallet, newWallet, investorOnchainID);
        return true;
    }

    /// @inheritdoc IToken
    function syncInvestorRecord(address wallet) external {
        TokenStorage storage $ = _s();
        uint256 balance = $.accounts[wallet].balance;
        (uint256 id, uint256 country,,,) = _records($.identityRegistry, wallet, address(0));
        // forge-lint: disable-next-line(unsafe-typecast)
        address identity_ = address(uint160(id)); // masked to 160 bits in _records
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 country_ = uint16(country);
        if (balance != 0) {
            TransferInfo memory t = TransferInfo({
                kind: TransferKind.RECORD,
                from: wallet,
                to: wallet,
                amount: balance,
                fromBalance: balance,
                toBalance: balance,
                fromIdentity: identity_,
                toIdentity: identity_,
                fromCountry: country_,
                toCountry: country_
            });
            _complianceUpdate($.compliance, t);
        }
        emit InvestorRecordSynced(wallet, identity_, country_);
    }

    /// @inheritdoc IToken
    function batchMint(address[] calldata to, uint256[] calldata amounts) external onlyAgentOrRole {
        uint256 n = to.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _mint(to[i], amounts[i]);
        }
    }

    /// @inheritdoc IToken
    function batchBurn(address[] calldata from, uint256[] calldata amounts) external onlyAgentOrRole {
        uint256 n = from.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _burn(from[i], amounts[i]);
        }
    }

    /// @inheritdoc IToken
    function batchTransfer(address[] calldata to, uint256[] calldata amounts) external {
        uint256 n = to.length;
        if (amounts.length != n) revert BatchLengthMismatch(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            _transfer(msg.sender, to[i], amounts[i]);
        }
    }

    // ------------------------------------------------------------------ locks (ITokenLock)

    /// @inheritdoc ITokenLock
    function setLocker(address locker, bool allowed) external onlyOwnerOrRole {
        if (locker == address(0)) revert InvalidAddress(locker);
        _s().lockers[locker] = allowed;
        emit LockerSet(locker, allowed);
    }

    /// @inheritdoc ITokenLock
    function lock(address wallet, uint256 amount) external {
        TokenStorage storage $ = _locker();
        Account storage a = $.accounts[wallet];
        if (a.frozen) revert WalletFrozen(wallet);
        uint256 l = $.lockedTokens[wallet];
        uint256 used = uint256(a.frozenTokens) + l;
        uint256 available = a.balance > used ? a.balance - used : 0;
        if (amount > available) revert LockExceedsAvailable(wallet, available, amount);
        $.lockedTokens[wallet] = l + amount;
        if (amount != 0 && !a.locked) a.locked = true;
        emit TokensLocked(wallet, msg.sender, amount);
    }

    /// @inheritdoc ITokenLock
    function unlock(address wallet, uint256 amount) external {
        _unlock(_locker(), wallet, amount);
    }

    /// @inheritdoc ITokenLock
    function burnLocked(address wallet, uint256 amount) external {
        _unlock(_locker(), wallet, amount);
        _burn(wallet, amount);
    }

    /// @inheritdoc ITokenLock
    function transferLocked(address from, address to, uint256 amount) external returns (bool) {
        _unlock(_locker(), from, amount);
        _transfer(from, to, amount);
        return true;
    }

    /// @dev The storage, once the caller is known to be a locker; reverts with `CallerNotLocker`.
    function _locker() private view returns (TokenStorage storage $) {
        $ = _s();
        if (!$.lockers[msg.sender]) revert CallerNotLocker(msg.sender);
    }

    function _unlock(TokenStorage storage $, address wallet, uint256 amount) private {
        uint256 l = $.lockedTokens[wallet];
        if (amount > l) revert UnlockExceedsLocked(wallet, l, amount);
        // Cannot underflow: checked just above.
        unchecked {
            l -= amount;
        }
        $.lockedTokens[wallet] = l;
        if (l == 0) $.accounts[wallet].locked = false;
        emit TokensUnlocked(wallet, msg.sender, amount);
    }

    // ------------------------------------------------------------------ ERC-7802 (ITokenBridgeable)
    // OpenZeppelin's ERC20Bridgeable extends its ERC20, which this token does not use (see the contract's @dev): the
    // two functions are written here so that they go through `_move` with every rule.

    /// @inheritdoc ITokenBridgeable
    function setBridge(address bridge_) external onlyOwnerOrRole {
        _s().bridge = bridge_;
        emit BridgeSet(bridge_);
    }

    /// @inheritdoc IERC7802
    function crosschainMint(address to, uint256 amount) external {
        TokenStorage storage $ = _s();
        if (msg.sender != $.bridge) revert CallerNotBridge(msg.sender);
        if ($.paused) revert TokenPaused();
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        if ($.accounts[to].frozen) revert WalletFrozen(to);
        _move(address(0), to, amount, TransferKind.CROSSCHAIN_IN);
        emit CrosschainMint(to, amount, msg.sender);
    }

    /// @inheritdoc IERC7802
    function crosschainBurn(address from, uint256 amount) external {
        if (msg.sender != _s().bridge) revert CallerNotBridge(msg.sender);
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _move(from, address(0), amount, TransferKind.CROSSCHAIN_OUT);
        emit CrosschainBurn(from, amount, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ITokenBridgeable
    function bridge() external view returns (address) {
        return _s().bridge;
    }

    /// @dev ERC-173 (contract ownership: `owner()`, `transferOwnership(address)`) has no interface type in
    /// OpenZeppelin; its id from the standard (https://eips.ethereum.org/EIPS/eip-173).
    bytes4 private constant _ERC173_INTERFACE_ID = 0x7f5828d0;

    /// @inheritdoc IERC165
    /// @dev True for ERC-165, ERC-20 (and its metadata), ERC-2612 permits, ERC-5267 (EIP-712 domain), ERC-173
    /// ownership, ERC-1643 documents, ERC-7943 (`IERC7943Fungible`), ERC-7802 (`IERC7802`, crosschain mint and burn), and Tessera's ERC-3643 `IToken` and `IAgentRole`
    /// and `ITokenLock` (each id is the XOR of the interface's own selectors, inherited ones excluded). `IToken` is Tessera's subset of
    /// ERC-3643's IToken, so its id is not T-REX's `IERC3643` id.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IERC20Metadata).interfaceId || interfaceId == type(IERC20Permit).interfaceId
            || interfaceId == type(IERC5267).interfaceId || interfaceId == _ERC173_INTERFACE_ID
            || interfaceId == type(IERC1643).interfaceId || interfaceId == type(IERC7943Fungible).interfaceId
            || interfaceId == type(IToken).interfaceId || interfaceId == type(IAgentRole).interfaceId
            || interfaceId == type(ITokenLock).interfaceId || interfaceId == type(IERC7802).interfaceId;
    }

    /// @inheritdoc IToken
    function identityRegistry() external view returns (address) {
        return _s().identityRegistry;
    }

    /// @inheritdoc IToken
    function compliance() external view returns (address) {
        return _s().compliance;
    }

    /// @inheritdoc IToken
    function onchainID() external view returns (address) {
        return _s().onchainID;
    }

    /// @inheritdoc IToken
    function version() public pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IToken
    function assetClass() external view returns (uint8) {
        return _s().assetClass;
    }

    /// @inheritdoc IToken
    function paused() external view returns (bool) {
        return _s().paused;
    }

    /// @inheritdoc ITokenLock
    function isLocker(address locker) external view returns (bool) {
        return _s().lockers[locker];
    }

    /// @inheritdoc ITokenLock
    function getLockedTokens(address wallet) external view returns (uint256) {
        return _s().lockedTokens[wallet];
    }

    /// @inheritdoc IToken
    function isFrozen(address wallet) external view returns (bool) {
        return _s().accounts[wallet].frozen;
    }

    /// @inheritdoc IToken
    function getFrozenTokens(address wallet) external view returns (uint256) {
        return _s().accounts[wallet].frozenTokens;
    }

    /// @inheritdoc IToken
    function canTransact(address account) external view returns (bool) {
        TokenStorage storage $ = _s();
        return !$.accounts[account].frozen && IIdentityRegistry($.identityRegistry).isVerified(account);
    }

    /// @inheritdoc IToken
    function canSend(address account) external view returns (bool) {
        return !_s().accounts[account].frozen;
    }

    /// @inheritdoc IToken
    function canReceive(address account) external view returns (bool) {
        TokenStorage storage $ = _s();
        return !$.accounts[account].frozen && IIdentityRegistry($.identityRegistry).isVerified(account);
    }

    /// @inheritdoc IToken
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        // ERC-7943: a plain balance shortfall is the ERC-20 revert's business, not a compliance refusal.
        return _restriction(from, to, amount, false) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IToken
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8) {
        return _restriction(from, to, amount, true);
    }

    /// @dev The first restriction on a holder transfer (see `_move`); `checkBalance` false ignores an amount above
    /// the whole balance (the frozen part is still checked for amounts within it).
    function _restriction(address from, address to, uint256 amount, bool checkBalance) private view returns (uint8) {
        TokenStorage storage $ = _s();
        if (from != address(0)) {
            if ($.paused) return RestrictionCodes.TOKEN_PAUSED;
            Account memory a = $.accounts[from];
            if (a.frozen) return RestrictionCodes.SENDER_FROZEN;
            if ($.accounts[to].frozen) return RestrictionCodes.RECIPIENT_FROZEN;
            // frozenTokens <= balance always holds, so the subtraction cannot underflow.
            // Written so that neither a huge amount nor a frozen amount above the balance wraps.
            if (amount > a.balance) {
                if (checkBalance) return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
            } else if (
                a.frozenTokens > a.balance - amount
                    || (a.locked && uint256(a.frozenTokens) + $.lockedTokens[from] > a.balance - amount)
            ) {
                return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
            }
        }
        if (!IIdentityRegistry($.identityRegistry).isVerified(to)) return RestrictionCodes.RECIPIENT_NOT_VERIFIED;
        return IModularCompliance($.compliance).detectTransferRestriction(from, to, amount);
    }

    /// @inheritdoc IToken
    function messageForTransferRestriction(uint8 restrictionCode) external view returns (string memory) {
        return _MESSAGES.message(restrictionCode);
    }

    // ------------------------------------------------------------------ the one transfer hook

    function _transfer(address from, address to, uint256 amount) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _move(from, to, amount, TransferKind.TRANSFER);
    }

    function _mint(address to, uint256 amount) private {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _move(address(0), to, amount, TransferKind.MINT);
    }

    function _burn(address from, uint256 amount) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _move(from, address(0), amount, TransferKind.BURN);
    }

    /// @dev All rules for mints, burns and transfers, in the order `detectTransferRestriction` reports them:
    /// - holder transfer: not paused, neither wallet frozen, amount within the sender's unfrozen balance, recipient
    ///   verified, every compliance module allows it;
    /// - mint: recipient verified and every module allows it (pause and freezes do not apply: the agent decides);
    /// - burn, forced transfer, recovery (agent moves): pause, freezes and module checks are bypassed, because they
    ///   are how an agent redeems, executes a court order or restores a lost wallet, and no rule may block that;
    ///   frozen tokens are released as needed and modules still record the move. A recipient must still be verified.
    function _move(address from, address to, uint256 amount, uint8 kind) private {
        TokenStorage storage $ = _s();
        TransferInfo memory t;
        t.kind = kind;
        t.from = from;
        t.to = to;
        t.amount = amount;

        // Sender: checks, frozen-token release, debit.
        if (from != address(0)) {
            Account memory acc = $.accounts[from];
            t.fromBalance = acc.balance;
            // A departure (crosschainBurn) is checked on the sender's side exactly as a holder transfer.
            if (kind == TransferKind.TRANSFER || kind == TransferKind.CROSSCHAIN_OUT) {
                if ($.paused) revert TokenPaused();
                if (acc.frozen) revert WalletFrozen(from);
                if ($.accounts[to].frozen) revert WalletFrozen(to);
                // The frozen amount may exceed the balance (ERC-7943), so neither side is subtracted blindly.
                if (amount > acc.balance) revert ERC20InsufficientBalance(from, acc.balance, amount);
                uint256 left;
                // Cannot underflow: amount <= balance, checked just above.
                unchecked {
                    left = acc.balance - amount;
                }
                if (acc.frozenTokens > left) {
                    uint256 unfrozen = acc.balance > acc.frozenTokens ? acc.balance - acc.frozenTokens : 0;
                    revert InsufficientUnfrozenBalance(from, unfrozen, amount);
                }
                // Locked tokens (ITokenLock) are read only for wallets that have some.
                if (acc.locked) {
                    uint256 used = uint256(acc.frozenTokens) + $.lockedTokens[from];
                    if (used > left) {
                        revert InsufficientUnlockedBalance(from, acc.balance > used ? acc.balance - used : 0, amount);
                    }
                }
            } else {
                if (amount > acc.balance) revert ERC20InsufficientBalance(from, acc.balance, amount);
                // Agent moves take unfrozen tokens, then frozen ones, then locked ones (locks never exceed the balance).
                uint256 unlocked = acc.balance;
                uint256 lockRelease;
                uint256 lockedBefore;
                if (acc.locked) {
                    lockedBefore = $.lockedTokens[from];
                    unlocked -= lockedBefore;
                    if (amount > unlocked) lockRelease = amount - unlocked;
                }
                uint256 free = unlocked > acc.frozenTokens ? unlocked - acc.frozenTokens : 0;
                // Cannot underflow: lockRelease <= amount.
                uint256 fromUnlocked = amount - lockRelease;
                if (fromUnlocked > free) {
                    // Cannot underflow: free < fromUnlocked <= unlocked, so fromUnlocked - free <= frozenTokens.
                    uint256 release = fromUnlocked - free;
                    // forge-lint: disable-next-line(unsafe-typecast)
                    acc.frozenTokens -= uint120(release);
                    // ERC-7943: the unfreezing is announced before the Transfer event.
                    emit TokensUnfrozen(from, release);
                    emit Frozen(from, acc.frozenTokens);
                }
                if (lockRelease != 0) {
                    $.lockedTokens[from] = lockedBefore - lockRelease;
                    acc.locked = lockedBefore != lockRelease;
                    emit TokensUnlocked(from, msg.sender, lockRelease);
                }
            }
            // Cannot underflow: amount <= balance, checked above.
            unchecked {
                // forge-lint: disable-next-line(unsafe-typecast)
                acc.balance -= uint120(amount);
            }
            $.accounts[from] = acc;
        } else {
            uint256 supply = $.totalSupply + amount;
            if (supply > MAX_SUPPLY) revert MaxSupplyExceeded(supply, MAX_SUPPLY);
            $.totalSupply = supply;
        }

        // Recipient: checks, credit.
        if (to != address(0)) {
            Account storage b = $.accounts[to];
            uint256 balance = b.balance;
            t.toBalance = balance;
            // Cannot overflow 120 bits: every balance is at most the total supply <= MAX_SUPPLY = 2^120 - 1.
            unchecked {
                // forge-lint: disable-next-line(unsafe-typecast)
                b.balance = uint120(balance + amount);
            }
        } else {
            // Cannot underflow: the burnt amount was part of the sender's balance, hence of the total supply.
            unchecked {
                $.totalSupply -= amount;
            }
        }
        emit Transfer(from, to, amount);

        // Identity: one registry call for both wallets' records.
        {
            (uint256 fromId, uint256 fromCountry, uint256 toId, uint256 toCountry, uint256 toExpiry) =
                _records($.identityRegistry, from, to);
            // KYC expiry is a date with day-scale margins: validator timestamp drift (seconds) does not matter.
            // forge-lint: disable-next-line(block-timestamp)
            if (to != address(0) && (toId == 0 || toExpiry <= block.timestamp)) revert RecipientNotVerified(to);
            // forge-lint: disable-next-line(unsafe-typecast)
            t.fromIdentity = address(uint160(fromId)); // masked to 160 bits in _records
            // forge-lint: disable-next-line(unsafe-typecast)
            t.toIdentity = address(uint160(toId));
            // forge-lint: disable-next-line(unsafe-typecast)
            t.fromCountry = uint16(fromCountry);
            // forge-lint: disable-next-line(unsafe-typecast)
            t.toCountry = uint16(toCountry);
        }

        // Compliance: one call; modules check holder transfers and mints, and record every move.
        uint256 code = _complianceUpdate($.compliance, t);
        // forge-lint: disable-next-line(unsafe-typecast)
        if (code != RestrictionCodes.SUCCESS) revert TransferNotCompliant(from, to, amount, uint8(code));
    }

    /// @dev `IModularCompliance.update(t)`: a static struct in memory is laid out exactly as its ABI encoding, so the
    /// call data is the selector followed by one MCOPY of the struct. Bubbles a revert; reverts with
    /// `InvalidAddress` when the compliance answers nothing or more than a uint8.
    function _complianceUpdate(address comp, TransferInfo memory t) private returns (uint256 code) {
        bytes4 selector = IModularCompliance.update.selector;
        bool ok;
        uint256 size;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, selector)
            mcopy(add(p, 4), t, 320)
            ok := call(gas(), comp, 0, p, 324, 0, 32)
            size := returndatasize()
            code := mload(0)
        }
        if (!ok) {
            assembly ("memory-safe") {
                let p := mload(0x40)
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
        }
        if (size < 32 || code > type(uint8).max) revert InvalidAddress(comp);
    }

    /// @dev `IIdentityRegistry.investorRecords(from, to)` without the ABI decoder (the transfer path's only
    /// registry call): the six return words are read in place, the fields masked to their types.
    function _records(address registry, address from, address to)
        private
        view
        returns (uint256 fromId, uint256 fromCountry, uint256 toId, uint256 toCountry, uint256 toExpiry)
    {
        bytes4 selector = IIdentityRegistry.investorRecords.selector;
        bool ok;
        uint256 size;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, selector)
            mstore(add(p, 4), from)
            mstore(add(p, 36), to)
            ok := staticcall(gas(), registry, p, 68, p, 192)
            size := returndatasize()
            fromId := and(mload(p), 0xffffffffffffffffffffffffffffffffffffffff)
            fromCountry := and(mload(add(p, 32)), 0xffff)
            toId := and(mload(add(p, 96)), 0xffffffffffffffffffffffffffffffffffffffff)
            toCountry := and(mload(add(p, 128)), 0xffff)
            toExpiry := and(mload(add(p, 160)), 0xffffffffffffffff)
        }
        if (!ok || size < 192) {
            assembly ("memory-safe") {
                let p := mload(0x40)
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
        }
    }

    function _spendAllowance(address owner, address spender, uint256 value) private {
        uint256 current = _s().allowances[owner][spender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
            // Cannot underflow: checked just above.
            unchecked {
                _approve(owner, spender, current - value, false);
            }
        }
    }

    function _approve(address owner, address spender, uint256 value, bool emitEvent) private {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _s().allowances[owner][spender] = value;
        if (emitEvent) emit Approval(owner, spender, value);
    }
}
